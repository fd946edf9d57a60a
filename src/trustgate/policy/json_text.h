// JsonText: a small streaming JSON writer for the policy layer's outputs.
// It inserts commas itself; the caller opens and closes containers in order
// and writes a key before every member of an object.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trustgate::policy {

class JsonText {
 public:
  JsonText& open_object() { return open('{'); }
  JsonText& close_object() { return close('}'); }
  JsonText& open_array() { return open('['); }
  JsonText& close_array() { return close(']'); }
  JsonText& key(std::string_view k) {
    separate();
    quote(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonText& string(std::string_view s) {
    separate();
    quote(s);
    return *this;
  }
  JsonText& boolean(bool b) {
    separate();
    out_ += b ? "true" : "false";
    return *this;
  }
  JsonText& number(uint64_t n) {
    separate();
    out_ += std::to_string(n);
    return *this;
  }
  JsonText& null() {
    separate();
    out_ += "null";
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  JsonText& open(char c) {
    separate();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonText& close(char c) {
    out_ += c;
    first_.pop_back();
    return *this;
  }
  // Writes the comma before a value unless it follows a key or opens a container.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  void quote(std::string_view s) {
    out_ += '"';
    for (char ch : s) {
      auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          if (c < 0x20) {
            static constexpr char kHex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 15];
          } else {
            out_ += ch;
          }
      }
    }
    out_ += '"';
  }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace trustgate::policy
