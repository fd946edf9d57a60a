#include "trustgate/common/json.h"

#include <simdjson.h>

#include "base/json_string.h"

namespace trustgate::common {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Converts a parsed element at JSON Pointer `at`; fails on numbers that are
// not int64 and on repeated keys, naming the value.
base::Status from_element(element e, Json& out, const std::string& at) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      out = Json();
      return base::Status::Ok();
    case element_type::BOOL:
      out = Json(bool(e.get_bool().value_unsafe()));
      return base::Status::Ok();
    case element_type::INT64:
      out = Json(int64_t(e.get_int64().value_unsafe()));
      return base::Status::Ok();
    case element_type::UINT64:
      return base::invalid_field(at, "number out of range (64-bit signed integers only)");
    case element_type::DOUBLE:
      return base::invalid_field(at, "not an integer (integers only)");
    case element_type::STRING:
      out = Json(std::string(e.get_string().value_unsafe()));
      return base::Status::Ok();
    case element_type::ARRAY: {
      simdjson::dom::array arr;
      if (e.get_array().get(arr)) return base::invalid_field(at, "bad JSON array");
      out = Json::array();
      size_t i = 0;
      for (element item : arr) {
        Json value;
        if (auto s = from_element(item, value, base::pointer_append(at, i++)); !s) return s;
        out.push(std::move(value));
      }
      return base::Status::Ok();
    }
    case element_type::OBJECT: {
      simdjson::dom::object obj;
      if (e.get_object().get(obj)) return base::invalid_field(at, "bad JSON object");
      out = Json::object();
      for (auto [key, member] : obj) {
        Json value;
        std::string where = base::pointer_append(at, key);
        if (auto s = from_element(member, value, where); !s) return s;
        if (!out.as_object().emplace(std::string(key), std::move(value)).second) {
          return base::invalid_field(where, "repeated key (each key may appear once)");
        }
      }
      return base::Status::Ok();
    }
  }
  return base::invalid_field(at, "unexpected JSON value");
}

}  // namespace

const Json* Json::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  auto it = as_object().find(key);
  return it == as_object().end() ? nullptr : &it->second;
}

std::string_view Json::string_or_empty(std::string_view key) const {
  const Json* v = find(key);
  return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

void Json::append_canonical(std::string& out) const {
  switch (kind_) {
    case Kind::Null:
      out += "null";
      break;
    case Kind::Bool:
      out += as_bool() ? "true" : "false";
      break;
    case Kind::Int:
      out += std::to_string(as_int());
      break;
    case Kind::String:
      base::append_json_string(out, as_string());
      break;
    case Kind::Array: {
      out += '[';
      bool first = true;
      for (const Json& item : as_array()) {
        if (!first) out += ',';
        first = false;
        item.append_canonical(out);
      }
      out += ']';
      break;
    }
    case Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : as_object()) {
        if (!first) out += ',';
        first = false;
        base::append_json_string(out, key);
        out += ':';
        value.append_canonical(out);
      }
      out += '}';
    }
  }
}

std::string Json::canonical() const {
  std::string out;
  append_canonical(out);
  return out;
}

cedar::Result<Json> parse_json(std::string_view text) {
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(text.data(), text.size()).get(root)) {
    return cedar::Error{std::string("not valid JSON: ") + simdjson::error_message(err)};
  }
  Json out;
  if (auto s = from_element(root, out, ""); !s) return s.error();
  return out;
}

cedar::Result<std::string> canonicalize_json(std::string_view text) {
  auto v = parse_json(text);
  if (!v) return v.error();
  return v->canonical();
}

}  // namespace trustgate::common
