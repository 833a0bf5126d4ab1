"""Calls llm-sim through the official `anthropic` Python SDK and checks what comes back.

Usage: python anthropic_sdk_check.py BASE_URL API_KEY
Exits 0 when every check passes; otherwise prints what differed and exits 1.
Run by LLMSimulatorTests (AnthropicSDKTests) with the venv of scripts/python-tools.sh.
"""

import json
import sys
import urllib.request

import anthropic


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def control(base_url, body):
    """POSTs a settings change to llm-sim's control endpoint (not part of the Messages API)."""
    request = urllib.request.Request(
        f"{base_url}/_control",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def main():
    base_url, api_key = sys.argv[1], sys.argv[2]
    model = "claude-simulated-1"
    prompt = [{"role": "user", "content": "Which funding programs fit a small robotics company?"}]
    client = anthropic.Anthropic(base_url=base_url, api_key=api_key, max_retries=0, timeout=60)

    # messages.create: one JSON message.
    message = client.messages.create(model=model, max_tokens=512, messages=prompt)
    check(message.id.startswith("msg_"), f"id {message.id!r} should start with msg_")
    check(message.type == "message", f"type {message.type!r}")
    check(message.role == "assistant", f"role {message.role!r}")
    check(message.model == model, f"model {message.model!r} should echo {model!r}")
    check(message.stop_reason == "end_turn", f"stop_reason {message.stop_reason!r}")
    check(len(message.content) == 1 and message.content[0].type == "text", f"content {message.content!r}")
    text = message.content[0].text
    check(text.strip() != "", "empty text from messages.create")
    check(message.usage.input_tokens > 0, f"input_tokens {message.usage.input_tokens}")
    check(message.usage.output_tokens > 0, f"output_tokens {message.usage.output_tokens}")

    # messages.stream: the SDK assembles the events; the streamed text must equal the final message.
    with client.messages.stream(model=model, max_tokens=512, messages=prompt) as stream:
        streamed = "".join(stream.text_stream)
        final = stream.get_final_message()
    check(streamed != "", "empty text from messages.stream")
    final_text = "".join(block.text for block in final.content if block.type == "text")
    check(streamed == final_text, f"streamed text {streamed!r} differs from the final message {final_text!r}")
    check(streamed == text, "the same request should get the same text streamed and as JSON")
    check(final.stop_reason == "end_turn", f"stream stop_reason {final.stop_reason!r}")
    check(final.usage.input_tokens == message.usage.input_tokens,
          f"stream input_tokens {final.usage.input_tokens} != {message.usage.input_tokens}")
    check(final.usage.output_tokens == message.usage.output_tokens,
          f"stream output_tokens {final.usage.output_tokens} != {message.usage.output_tokens}")

    # A structured prompt gets the JSON object it asks for.
    structured = client.messages.create(
        model=model, max_tokens=1024,
        system="Reply with JSON only: summary, reasons, cautions, recommendation.",
        messages=[{"role": "user", "content": "Explain this match."}],
    )
    explanation = json.loads(structured.content[0].text)
    check(set(explanation) == {"summary", "reasons", "cautions", "recommendation"}, f"explanation keys {sorted(explanation)}")

    # Faults reach the SDK as its own exception types.
    control(base_url, {"fault": "status", "status": 529})
    try:
        client.messages.create(model=model, max_tokens=64, messages=prompt)
        fail("a 529 fault should raise")
    except anthropic.APIStatusError as error:
        check(error.status_code == 529, f"status {error.status_code}, expected 529")
        check(isinstance(error, anthropic.InternalServerError), f"{type(error).__name__} is not an InternalServerError")
        check(error.body["error"]["type"] == "overloaded_error", f"error body {error.body!r}")

    control(base_url, {"status": 429, "retryAfterSeconds": 3})
    try:
        client.messages.create(model=model, max_tokens=64, messages=prompt)
        fail("a 429 fault should raise")
    except anthropic.RateLimitError as error:
        check(error.response.headers.get("retry-after") == "3", f"retry-after {error.response.headers.get('retry-after')!r}")

    control(base_url, {"fault": "stream_error", "status": 529})
    try:
        with client.messages.stream(model=model, max_tokens=512, messages=prompt) as stream:
            for _ in stream.text_stream:
                pass
        fail("an error event mid-stream should raise")
    except anthropic.APIStatusError as error:
        check("overloaded" in str(error).lower(), f"mid-stream error {error!r}")

    control(base_url, {"fault": "none"})
    try:
        anthropic.Anthropic(base_url=base_url, api_key=api_key + "-wrong", max_retries=0).messages.create(
            model=model, max_tokens=64, messages=prompt)
        fail("a wrong key should raise")
    except anthropic.AuthenticationError as error:
        check(error.status_code == 401, f"status {error.status_code}, expected 401")

    print("anthropic", anthropic.__version__, "OK")


if __name__ == "__main__":
    main()
