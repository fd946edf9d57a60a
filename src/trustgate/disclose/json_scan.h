// A validating JSON scanner over raw bytes, for the disclosure guard's
// JSONL reader: it finds where a value ends without building it, so a
// released value is copied as it was written and a withheld one is never
// copied. Strings are checked for escapes and control characters, numbers
// and literals for their grammar, containers for their structure; bytes of
// strings are not checked for UTF-8.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace trustgate::disclose::json_scan {

inline constexpr int kMaxDepth = 256;

inline void skip_ws(const char*& p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
}

// The colon after a member's name, `p` just after the name: consumed with
// the space around it. False when there is none (malformed).
inline bool after_name(const char*& p, const char* end) {
  skip_ws(p, end);
  if (p >= end || *p != ':') return false;
  ++p;
  skip_ws(p, end);
  return true;
}

// What follows a container's member or element, `p` just after it: a comma
// (consumed with the space after it: another item follows), the container's
// closer `close` (consumed: it ends), or anything else (malformed).
enum class AfterItem { kNext, kClosed, kMalformed };
inline AfterItem after_item(const char*& p, const char* end, char close) {
  skip_ws(p, end);
  if (p < end && *p == ',') {
    ++p;
    skip_ws(p, end);
    return AfterItem::kNext;
  }
  if (p < end && *p == close) {
    ++p;
    return AfterItem::kClosed;
  }
  return AfterItem::kMalformed;
}

// `p` at a string's opening quote: the byte after its closing quote, or
// null when it does not end or is malformed. `escaped` is set when the
// string holds a backslash escape.
const char* scan_string(const char* p, const char* end, bool& escaped);

// `p` at a value: the byte after it, or null when it is malformed.
const char* skip_value(const char* p, const char* end, int depth);

// The text of a string's contents (between the quotes, escapes decoded;
// \u escapes as UTF-8). False when an escape is malformed.
bool unescape(std::string_view raw, std::string& out);

// Appends `token` (a member name, unescaped) to a JSON Pointer kept in
// JSON-escaped form: '/' then the name with '~' and '/' escaped (RFC 6901),
// the whole escaped as JSON string contents.
void append_pointer_token(std::string& path_json, std::string_view token);

}  // namespace trustgate::disclose::json_scan
