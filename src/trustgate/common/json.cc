#include "trustgate/common/json.h"

#include <simdjson.h>

#include <array>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "base/json_string.h"

namespace trustgate::common {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Where a value sits: its parent's place and its key or index. Rendered as
// a JSON Pointer only for an error, so that a valid document costs no
// pointer text.
struct Place {
  const Place* parent = nullptr;  // null for the root
  std::string_view key;           // an object member's key, or
  size_t index = 0;               // an array item's index (key empty)
  bool in_array = false;

  std::string pointer() const {
    if (!parent) return "";
    std::string up = parent->pointer();
    return in_array ? base::pointer_append(up, index) : base::pointer_append(up, key);
  }
};

// Whether an object's key came before: the keys seen so far, compared one
// by one while there are few, then through a set (a 32 KiB request may hold
// thousands of keys).
class KeysSeen {
 public:
  bool repeated(std::string_view key) {
    if (set_.empty()) {
      for (size_t i = 0; i < count_; ++i) {
        if (few_[i] == key) return true;
      }
      if (count_ < few_.size()) {
        few_[count_++] = key;
        return false;
      }
      set_.insert(few_.begin(), few_.end());
    }
    return !set_.insert(key).second;
  }

 private:
  std::array<std::string_view, 16> few_;
  size_t count_ = 0;
  std::set<std::string_view> set_;
};

// Converts a parsed element at `at` into *out, or only checks it when out is
// null; fails on numbers that are not int64 and on repeated keys, naming the
// value.
base::Status from_element(element e, Json* out, const Place& at) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      if (out) *out = Json();
      return base::Status::Ok();
    case element_type::BOOL:
      if (out) *out = Json(bool(e.get_bool().value_unsafe()));
      return base::Status::Ok();
    case element_type::INT64:
      if (out) *out = Json(int64_t(e.get_int64().value_unsafe()));
      return base::Status::Ok();
    case element_type::UINT64:
      return base::invalid_field(at.pointer(), "number out of range (64-bit signed integers only)");
    case element_type::DOUBLE:
      return base::invalid_field(at.pointer(), "not an integer (integers only)");
    case element_type::STRING:
      if (out) *out = Json(std::string(e.get_string().value_unsafe()));
      return base::Status::Ok();
    case element_type::ARRAY: {
      simdjson::dom::array arr;
      if (e.get_array().get(arr)) return base::invalid_field(at.pointer(), "bad JSON array");
      if (out) *out = Json::array();
      size_t i = 0;
      for (element item : arr) {
        Json value;
        Place here{&at, {}, i++, true};
        if (auto s = from_element(item, out ? &value : nullptr, here); !s) return s;
        if (out) out->push(std::move(value));
      }
      return base::Status::Ok();
    }
    case element_type::OBJECT: {
      simdjson::dom::object obj;
      if (e.get_object().get(obj)) return base::invalid_field(at.pointer(), "bad JSON object");
      if (out) *out = Json::object();
      KeysSeen seen;
      for (auto [key, member] : obj) {
        Json value;
        Place here{&at, key, 0, false};
        if (auto s = from_element(member, out ? &value : nullptr, here); !s) return s;
        const bool repeated =
            out ? !out->as_object().emplace(std::string(key), std::move(value)).second
                : seen.repeated(key);
        if (repeated) {
          return base::invalid_field(here.pointer(), "repeated key (each key may appear once)");
        }
      }
      return base::Status::Ok();
    }
  }
  return base::invalid_field(at.pointer(), "unexpected JSON value");
}

}  // namespace

Json::Json(Array a) : kind_(Kind::Array), array_(std::make_shared<Array>(std::move(a))) {}

Json::Json(Object o) : kind_(Kind::Object), object_(std::make_shared<Object>(std::move(o))) {}

const Json::Array& Json::as_array() const {
  static const Array kEmpty;
  return array_ ? *array_ : kEmpty;
}

const Json::Object& Json::as_object() const {
  static const Object kEmpty;
  return object_ ? *object_ : kEmpty;
}

bool operator==(const Json& a, const Json& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Json::Kind::Null:
      return true;
    case Json::Kind::Bool:
      return a.bool_ == b.bool_;
    case Json::Kind::Int:
      return a.int_ == b.int_;
    case Json::Kind::String:
      return a.string_ == b.string_;
    case Json::Kind::Array:
      return a.array_ == b.array_ || a.as_array() == b.as_array();
    case Json::Kind::Object:
      return a.object_ == b.object_ || a.as_object() == b.as_object();
  }
  return false;
}

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
  // A small document (a request, a record) goes through this thread's
  // parser, whose buffers are reused; a large one through its own, so that
  // no thread keeps large buffers. The tree copies out everything it keeps.
  constexpr size_t kReusedUpTo = size_t{64} << 10;
  thread_local simdjson::dom::parser reused;
  std::optional<simdjson::dom::parser> own;
  simdjson::dom::parser& parser = text.size() <= kReusedUpTo ? reused : own.emplace();
  element root;
  if (auto err = parser.parse(text.data(), text.size()).get(root)) {
    return cedar::Error{std::string("not valid JSON: ") + simdjson::error_message(err)};
  }
  return json_of_element(root);
}

cedar::Result<Json> json_of_element(const element& root) {
  Json out;
  if (auto s = from_element(root, &out, Place{}); !s) return s.error();
  return out;
}

cedar::Status check_json_element(const element& root) {
  return from_element(root, nullptr, Place{});
}

cedar::Result<std::string> canonicalize_json(std::string_view text) {
  auto v = parse_json(text);
  if (!v) return v.error();
  return v->canonical();
}

}  // namespace trustgate::common
