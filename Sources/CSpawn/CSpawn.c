// The declarations are in include/CSpawn.h; a C target needs one source file.
#include "CSpawn.h"
