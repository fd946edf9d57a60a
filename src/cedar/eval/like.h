// Matching of Cedar `like` patterns.
#pragma once

#include <string_view>

#include "cedar/expr.h"

namespace cedar {

// True when the UTF-8 string `text` matches `pattern`, where a wildcard
// matches any sequence of code points (including none) and every other
// element matches exactly one equal code point.
bool like_matches(std::string_view text, const Pattern& pattern);

// Decodes UTF-8 into code points. Invalid bytes decode as U+FFFD.
std::u32string decode_utf8(std::string_view text);

}  // namespace cedar
