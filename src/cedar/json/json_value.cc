#include <algorithm>
#include <string>
#include <vector>

#include "cedar/extensions.h"
#include "cedar/json.h"
#include "json/json_dom.h"

namespace cedar::json {

namespace {

using simdjson::dom::element_type;

Error at(const Where& where, const std::string& what) {
  std::string w = where.str();
  return Error{w.empty() ? what : w + ": " + what};
}

const char* json_kind(Element el) {
  switch (el.type()) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::INT64:
    case element_type::UINT64:
      return "an integer";
    case element_type::DOUBLE:
      return "a fractional number";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a bool";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "a value";
}

// The single key of a one-key object, or empty.
std::string_view single_key(Element el) {
  simdjson::dom::object obj = as_object(el);
  if (obj.size() != 1) return {};
  return (*obj.begin()).key;
}

Result<Value> extension_call(Element fn_and_args, const Where& where) {
  simdjson::dom::object obj;
  if (fn_and_args.get_object().get(obj)) return at(where, "`__extn` needs an object");
  std::string_view fn;
  if (obj["fn"].get_string().get(fn)) return at(where, "`__extn` needs a string `fn`");
  auto info = find_extension_function(fn);
  if (!info) return at(where, "unknown extension function `" + std::string(fn) + "`");
  std::vector<Value> args;
  Element arg;
  simdjson::dom::array arr;
  if (!obj["arg"].get(arg)) {
    auto v = value_from_dom(arg, nullptr, where);
    if (!v) return v;
    args.push_back(std::move(*v));
  } else if (!obj["args"].get_array().get(arr)) {
    for (Element a : arr) {
      auto v = value_from_dom(a, nullptr, where);
      if (!v) return v;
      args.push_back(std::move(*v));
    }
  } else {
    return at(where, "`__extn` needs `arg` or `args`");
  }
  auto r = call_extension(info->fn, args.data(), args.size());
  if (!r) return at(where, r.error().message);
  return r;
}

// The declared type of attribute `key`, or an error for an undeclared one.
Result<const SchemaType*> attribute_type(const SchemaType& record, std::string_view key,
                                         const Where& where) {
  auto it = record.attributes.find(key);
  if (it == record.attributes.end()) {
    return at(where, "unexpected attribute \"" + std::string(key) + "\"");
  }
  return it->second.type.get();
}

// Both `fields` and the declared attributes are sorted by name: one merge
// finds a required attribute that is missing.
Status check_required(const Record& fields, const SchemaType& record, const Where& where) {
  auto f = fields.begin();
  for (const auto& [name, attr] : record.attributes) {
    while (f != fields.end() && f->first < name) ++f;
    bool present = f != fields.end() && f->first == name;
    if (attr.required && !present) return at(where, "missing required attribute \"" + name + "\"");
  }
  return Status::Ok();
}

// Schema expects an extension type: accept `__extn`, the implicit
// `{"fn":..}` form, or a plain argument to the type's constructor.
Result<Value> extension_from_dom(Element el, const SchemaType& expected, const Where& where) {
  if (el.is_object()) {
    std::string_view key = single_key(el);
    Element inner;
    if (key == "__extn" && member(el, "__extn", inner)) return extension_call(inner, where);
    if (member(el, "fn", inner)) return extension_call(el, where);
  }
  const char* ctor = expected.name == "ipaddr" ? "ip" : expected.name.c_str();
  auto info = find_extension_function(ctor);
  if (!info) return at(where, "unknown extension type " + expected.name);
  auto arg = value_from_dom(el, nullptr, where);
  if (!arg) return arg;
  auto r = call_extension(info->fn, &*arg, 1);
  if (!r) return at(where, r.error().message);
  return r;
}

Result<Value> set_from_dom(Element el, const SchemaType* expected, const Where& where) {
  const SchemaType* elem_type =
      expected && expected->kind == SchemaType::Kind::Set ? expected->element.get() : nullptr;
  simdjson::dom::array arr = as_array(el);
  std::vector<Value> elems;
  elems.reserve(arr.size());
  for (Element x : arr) {
    auto v = value_from_dom(x, elem_type, where);
    if (!v) return v;
    elems.push_back(std::move(*v));
  }
  return Value::set(std::move(elems));
}

// Cedar's rule for escapes: a one-key object {"__entity": X} or
// {"__extn": X} is an escape only when X has the escape's shape (at least two
// keys; `type` and `id` strings; a `fn` string and `arg`, or an `args`
// array), and {"__expr": X} only when X is a string. Any other object is a
// record, even one whose single key is `__extn`.
bool has_string(simdjson::dom::object obj, std::string_view key) {
  std::string_view s;
  return !obj[key].get_string().get(s);
}

bool escape_shaped(std::string_view key, Element inner) {
  if (key == "__expr") return inner.is_string();
  simdjson::dom::object obj;
  if (inner.get_object().get(obj) || obj.size() < 2) return false;
  if (key == "__entity") return has_string(obj, "type") && has_string(obj, "id");
  simdjson::dom::array args;
  return has_string(obj, "fn") && (obj["arg"].error() == simdjson::SUCCESS ||
                                   obj["args"].get_array().get(args) == simdjson::SUCCESS);
}

Result<Value> object_from_dom(Element el, const SchemaType* expected, const Where& where) {
  std::string_view key = single_key(el);
  Element inner;
  if ((key == "__entity" || key == "__extn" || key == "__expr") && member(el, key, inner) &&
      escape_shaped(key, inner)) {
    if (key == "__expr") return at(where, "the `__expr` escape is not supported");
    if (key == "__extn") return extension_call(inner, where);
    auto uid = uid_from_dom(inner, where);
    if (!uid) return uid.error();
    return Value::entity(std::move(*uid));
  }
  bool typed = expected && expected->kind == SchemaType::Kind::Record;
  auto fields = record_from_dom(el, typed ? expected : nullptr, where);
  if (!fields) return fields.error();
  return Value::record(std::move(*fields));
}

}  // namespace

Result<Record> record_from_dom(Element el, const SchemaType* expected, const Where& where) {
  Record fields;
  simdjson::dom::object obj = as_object(el);
  fields.reserve(obj.size());
  for (auto [key, val] : obj) {
    const SchemaType* attr_type = nullptr;
    if (expected) {
      auto t = attribute_type(*expected, key, where);
      if (!t) return t.error();
      attr_type = *t;
    }
    auto v = value_from_dom(val, attr_type, where.attribute(key));
    if (!v) return v.error();
    fields.emplace_back(std::string(key), std::move(*v));
  }
  if (!sort_record(fields)) return at(where, "duplicate attribute in record");
  if (expected) {
    Status s = check_required(fields, *expected, where);
    if (!s) return s.error();
  }
  return fields;
}

std::string Where::str() const {
  std::string out = parent_ ? parent_->str() : std::string();
  if (uid_) return "entity " + uid_->to_string();
  if (parent_ && !out.empty()) out += ", ";
  switch (kind_) {
    case Kind::Text:
      out += text_;
      break;
    case Kind::Key:
      out += '"';
      out += text_;
      out += '"';
      break;
    case Kind::Attribute:
      out += "attribute \"";
      out += text_;
      out += '"';
      break;
  }
  return out;
}

// One pass over the object's members (no lookups by key). The first `type`,
// `id` and `__entity` members count; other members are ignored. A one-member
// object {"__entity": X} is the escape form and X is the uid.
Result<EntityUid> uid_from_dom(Element el, const Where& where) {
  simdjson::dom::object obj;
  if (el.get_object().get(obj)) {
    return at(where, std::string("expected an entity uid, found ") + json_kind(el));
  }
  std::string_view type, id;
  bool seen_type = false, seen_id = false, type_ok = false, id_ok = false;
  Element escaped;
  bool seen_escape = false;
  size_t members = 0;
  for (auto [key, val] : obj) {
    ++members;
    if (key == "type" && !seen_type) {
      seen_type = true;
      type_ok = val.get_string().get(type) == simdjson::SUCCESS;
    } else if (key == "id" && !seen_id) {
      seen_id = true;
      id_ok = val.get_string().get(id) == simdjson::SUCCESS;
    } else if (key == "__entity" && !seen_escape) {
      seen_escape = true;
      escaped = val;
    }
  }
  if (members == 1 && seen_escape) return uid_from_dom(escaped, where);
  if (!type_ok) return at(where, "an entity uid needs a string `type`");
  if (!id_ok) return at(where, "an entity uid needs a string `id`");
  return EntityUid{std::string(type), std::string(id)};
}

namespace {

// Whether the JSON kind can be a value of the schema type at parse time.
// Like Cedar's schema-directed parser, only sets and records are checked
// here: a boolean, long or string where another primitive is expected is
// parsed as it is and refused by validation (validate_request,
// validate_entities) instead.
bool json_kind_fits(SchemaType::Kind kind, element_type json) {
  if (kind == SchemaType::Kind::Set) return json == element_type::ARRAY;
  if (kind == SchemaType::Kind::Record) return json == element_type::OBJECT;
  return true;
}

const char* schema_kind_name(SchemaType::Kind kind) {
  return kind == SchemaType::Kind::Set ? "a set (JSON array)" : "a record (JSON object)";
}

}  // namespace

// With a schema, a set or record whose JSON kind does not fit is refused
// here, as Cedar's schema-directed parser does, whether or not the request
// is validated afterwards.
Result<Value> value_from_dom(Element el, const SchemaType* expected, const Where& where) {
  if (expected && !json_kind_fits(expected->kind, el.type())) {
    return at(where, std::string("type mismatch: expected ") + schema_kind_name(expected->kind));
  }
  if (expected && expected->kind == SchemaType::Kind::Entity) {
    auto uid = uid_from_dom(el, where);
    if (!uid) return uid.error();
    return Value::entity(std::move(*uid));
  }
  if (expected && expected->kind == SchemaType::Kind::Extension) {
    return extension_from_dom(el, *expected, where);
  }
  switch (el.type()) {
    case element_type::BOOL:
      return Value::boolean(bool(el));
    case element_type::INT64:
      return Value::integer(int64_t(el));
    case element_type::UINT64:
      return at(where, "integer out of the 64-bit signed range");
    case element_type::DOUBLE:
      return at(where, "fractional numbers are not Cedar values");
    case element_type::NULL_VALUE:
      return at(where, "null is not a Cedar value");
    case element_type::STRING:
      return Value::string(std::string(std::string_view(el)));
    case element_type::ARRAY:
      return set_from_dom(el, expected, where);
    case element_type::OBJECT:
      return object_from_dom(el, expected, where);
  }
  return at(where, "unsupported JSON value");
}

Result<Element> parse_dom(simdjson::dom::parser& parser, std::string_view text) {
  Element el;
  auto err = parser.parse(text.data(), text.size()).get(el);
  if (err) return Error{std::string("invalid JSON: ") + simdjson::error_message(err)};
  return el;
}

namespace {

struct ThreadBuffers {
  simdjson::dom::parser parser;
  std::string padded;
  bool leased = false;
};

ThreadBuffers& thread_buffers() {
  thread_local ThreadBuffers buffers;
  return buffers;
}

constexpr size_t kKeepBuffersUpTo = size_t{1} << 20;

}  // namespace

DomLease::DomLease() {
  ThreadBuffers& b = thread_buffers();
  if (!b.leased) shared_ = b.leased = true;
}

DomLease::~DomLease() {
  if (shared_) thread_buffers().leased = false;
}

Result<Element> DomLease::parse(std::string_view text) {
  if (!shared_ || text.size() > kKeepBuffersUpTo) {
    own_ = std::make_unique<simdjson::dom::parser>();
    return parse_dom(*own_, text);
  }
  ThreadBuffers& b = thread_buffers();
  b.padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
  std::copy(text.begin(), text.end(), b.padded.begin());
  std::fill(b.padded.begin() + static_cast<std::ptrdiff_t>(text.size()), b.padded.end(), '\0');
  Element el;
  auto err = b.parser.parse(b.padded.data(), text.size(), false).get(el);
  if (err) return Error{std::string("invalid JSON: ") + simdjson::error_message(err)};
  return el;
}

}  // namespace cedar::json
