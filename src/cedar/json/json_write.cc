#include <string>

#include "cedar/json.h"

namespace cedar {

namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void append_uid(std::string& out, const EntityUid& uid) {
  out += "{\"type\":";
  append_json_string(out, uid.type);
  out += ",\"id\":";
  append_json_string(out, uid.id);
  out += "}";
}

void append_value(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::Long:
      out += std::to_string(v.as_long());
      return;
    case Value::Kind::String:
      append_json_string(out, v.as_string());
      return;
    case Value::Kind::Entity:
      out += "{\"__entity\":";
      append_uid(out, v.as_entity());
      out += "}";
      return;
    case Value::Kind::Set: {
      out += '[';
      bool first = true;
      for (const Value& x : v.as_set()) {
        if (!first) out += ',';
        first = false;
        append_value(out, x);
      }
      out += ']';
      return;
    }
    case Value::Kind::Record: {
      out += '{';
      bool first = true;
      for (const auto& [k, x] : v.as_record()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, k);
        out += ':';
        append_value(out, x);
      }
      out += '}';
      return;
    }
    case Value::Kind::Extension: {
      // extension_to_string yields `fn("arg")`; split it into the escape.
      std::string text = extension_to_string(v.as_extension());
      size_t paren = text.find('(');
      out += "{\"__extn\":{\"fn\":";
      append_json_string(out, text.substr(0, paren));
      out += ",\"arg\":";
      // The argument is a quoted Cedar string without escapes needing care.
      std::string arg = text.substr(paren + 2, text.size() - paren - 4);
      append_json_string(out, arg);
      out += "}}";
      return;
    }
  }
}

}  // namespace

std::string value_to_json(const Value& v) {
  std::string out;
  append_value(out, v);
  return out;
}

}  // namespace cedar
