// Randomness from the operating system (OpenSSL's RAND_bytes, seeded by
// getrandom), with its result checked: a key, token or origin is never made
// from unchecked randomness.
#pragma once

#include <cstddef>
#include <string>

#include "base/result.h"

namespace base {

// `n` random bytes.
Result<std::string> random_bytes(size_t n);

// Lower-case hex of `n` random bytes.
Result<std::string> random_hex(size_t n);

}  // namespace base
