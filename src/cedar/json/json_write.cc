#include <string>

#include "cedar/json.h"
#include "eval/extension_ops.h"

namespace cedar {

namespace {

void append_uid(std::string& out, const EntityUid& uid) {
  out += "{\"type\":";
  append_json_string(out, uid.type);
  out += ",\"id\":";
  append_json_string(out, uid.id);
  out += "}";
}

// `{"__extn":{"fn":F,"arg":A}}` for the constructor call `F("A")`.
void append_extn(std::string& out, std::string_view fn, std::string_view arg) {
  out += "{\"__extn\":{\"fn\":";
  append_json_string(out, fn);
  out += ",\"arg\":";
  append_json_string(out, arg);
  out += "}}";
}

// An extension value as the `__extn` escape that parses back to it. A
// datetime that no datetime string can express (outside years 0000..9999)
// is written as `offset(datetime("1970-01-01"), duration("<ms>ms"))`.
void append_extension(std::string& out, const ExtensionValue& ev) {
  if (const auto* dt = std::get_if<Datetime>(&ev); dt && !ext::datetime_text(*dt)) {
    out += "{\"__extn\":{\"fn\":\"offset\",\"args\":[";
    append_extn(out, "datetime", "1970-01-01");
    out += ',';
    append_extn(out, "duration", ext::duration_text(Duration{dt->ms}));
    out += "]}}";
    return;
  }
  // extension_to_string yields `fn("arg")` (see its invariant), where arg
  // needs no unescaping.
  std::string text = extension_to_string(ev);
  size_t paren = text.find('(');
  append_extn(out, std::string_view(text).substr(0, paren),
              std::string_view(text).substr(paren + 2, text.size() - paren - 4));
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
    case Value::Kind::Extension:
      append_extension(out, v.as_extension());
      return;
  }
}

}  // namespace

std::string value_to_json(const Value& v) {
  std::string out;
  append_value(out, v);
  return out;
}

}  // namespace cedar
