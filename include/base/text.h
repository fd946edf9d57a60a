// Text that people type and other people read: checking it before it is
// recorded, and showing recorded text safely.
//
// Everything a request or a command names in free text (ids, agency names,
// a supervisor's name, an override's reason) is checked with check_text()
// before anything is appended to the ledger: canonical JSON carries any
// valid UTF-8, and nothing else may reach it. Text shown to a person (a
// terminal, a printed decision) goes through printable(), so a request
// cannot forge lines ("\r\nCOMPLY") or colours.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace base {

struct TextRule {
  size_t max_bytes = 200;  // UTF-8 bytes
  bool multiline = false;  // "\n" and "\t" allowed
  bool required = true;    // must hold a character other than white space
};

// True when `s` is well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF).
bool valid_utf8(std::string_view s);

// Ok when `value` is valid UTF-8 of at most rule.max_bytes bytes, holds no
// control character (U+0000-U+001F, U+007F-U+009F; "\n" and "\t" only when
// multiline) and no bidirectional formatting character (U+200E, U+200F,
// U+202A-U+202E, U+2066-U+2069), and (when required) is not blank.
// Otherwise an InvalidArgument error whose field is `field` (a JSON Pointer
// or a flag name) and whose message says what is wrong, and where.
Status check_text(std::string_view field, std::string_view value, const TextRule& rule);

// `s` with every control character, bidirectional formatting character and
// invalid byte written as an escape ("\n", "\r", "\t", "\x1b", "\u{202e}"),
// and backslashes doubled, so that the result prints as one line of plain
// text.
std::string printable(std::string_view s);

// `s` as HTML text or attribute value: & < > " ' written as character
// references.
std::string html_escape(std::string_view s);

}  // namespace base
