// Base64 (RFC 4648, standard alphabet with padding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace base {

std::string base64_encode(const uint8_t* data, size_t size);
inline std::string base64_encode(std::string_view s) {
  return base64_encode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// Standard alphabet with padding; anything else (whitespace included) fails.
Result<std::string> base64_decode(std::string_view text);

}  // namespace base
