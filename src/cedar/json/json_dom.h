// Conversions from a parsed simdjson DOM to Cedar values. Internal to the
// engine and its tools (the public API in cedar/json.h takes text).
#pragma once

#include <simdjson.h>

#include <memory>
#include <string>
#include <string_view>

#include "cedar/entities.h"
#include "cedar/result.h"
#include "cedar/schema.h"
#include "cedar/value.h"

namespace cedar::json {

using Element = simdjson::dom::element;

// Where a value is, for error messages: "context", "entity User::\"a\",
// attribute \"x\"". A chain of segments on the stack, joined with ", " only
// when an error is reported, so that parsing valid input builds no strings.
// A Where refers to the strings it was made from and to its parent: it is
// meant to be passed down a call, never stored.
class Where {
 public:
  Where(const char* text) : text_(text) {}         // NOLINT(google-explicit-constructor)
  Where(const std::string& text) : text_(text) {}  // NOLINT(google-explicit-constructor)
  // "entity T::\"id\"".
  static Where entity(const EntityUid& uid) {
    Where w("");
    w.uid_ = &uid;
    return w;
  }
  // This position, then `text`.
  Where then(std::string_view text) const { return Where(this, Kind::Text, text); }
  // This position, then the record key `"key"`.
  Where key(std::string_view key) const { return Where(this, Kind::Key, key); }
  // This position, then `attribute "key"`.
  Where attribute(std::string_view key) const { return Where(this, Kind::Attribute, key); }

  std::string str() const;

 private:
  enum class Kind : uint8_t { Text, Key, Attribute };
  Where(const Where* parent, Kind kind, std::string_view text)
      : parent_(parent), kind_(kind), text_(text) {}

  const Where* parent_ = nullptr;
  Kind kind_ = Kind::Text;
  std::string_view text_;
  const EntityUid* uid_ = nullptr;
};

Result<Value> value_from_dom(Element el, const SchemaType* expected, const Where& where);
// The fields of a JSON object, read as a record (never as an `__entity` or
// `__extn` escape), checked against `expected` (a Record type) when given.
Result<Record> record_from_dom(Element el, const SchemaType* expected, const Where& where);
Result<EntityUid> uid_from_dom(Element el, const Where& where);
Result<Entities> entities_from_dom(Element el, const Schema* schema);
Result<Value> context_from_dom(Element el, const Schema* schema, const EntityUid& action);

// Accessors that copy out of simdjson's result wrappers (iterating a
// temporary wrapper dangles). On a kind mismatch they yield an empty object
// or array; callers check the kind first where it matters.
inline simdjson::dom::object as_object(Element el) {
  simdjson::dom::object o;
  if (el.get_object().get(o)) return {};
  return o;
}
inline simdjson::dom::array as_array(Element el) {
  simdjson::dom::array a;
  if (el.get_array().get(a)) return {};
  return a;
}
// The member `key` of an object; false when absent or `el` is no object.
inline bool member(Element el, std::string_view key, Element& out) {
  return el.at_key(key).get(out) == simdjson::SUCCESS;
}

// Parses text into a DOM owned by `parser`; the element is valid until the
// parser is reused.
Result<Element> parse_dom(simdjson::dom::parser& parser, std::string_view text);

// Parses text with this thread's parser and padded buffer, reused from call
// to call (no allocation once they have grown to the input size). The
// element is valid while the lease lives. A second lease on the same thread
// while one is alive, or a text over 1 MiB, gets a parser of its own.
class DomLease {
 public:
  DomLease();
  ~DomLease();
  DomLease(const DomLease&) = delete;
  DomLease& operator=(const DomLease&) = delete;

  Result<Element> parse(std::string_view text);

 private:
  bool shared_ = false;  // holds this thread's buffers
  std::unique_ptr<simdjson::dom::parser> own_;
};

}  // namespace cedar::json
