/// One `<option>` of a filter, marked when it is the current choice.
struct PageOption {
    var value: String
    var label: String
    var selected: Bool
}
