// Json: a small JSON value for records that must be hashed — the ledger's
// events and what the case store keeps — with one canonical text form.
//
// Canonical form (docs/ledger.md): no whitespace outside strings; object keys
// sorted by their UTF-8 bytes, each at most once; integers only (no fraction,
// no exponent, no leading zeros, no "-0"); strings escape '"' and '\' with a
// backslash, the controls \b \f \n \r \t by their short forms and the other
// code points below 0x20 as \u00xx (lowercase hex); everything else, non-ASCII
// included, appears as its UTF-8 bytes. This is what Python's
// json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
// prints for the same value, so an auditor can recompute it.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"

namespace simdjson::dom {
class element;
}

namespace trustgate::common {

// Invariant: only the member for kind_ is meaningful; the others stay empty.
// (Plain members rather than std::variant: GCC 12 reports false
// "maybe-uninitialized" warnings on moves of recursive variants.)
//
// Arrays and objects are shared between copies until one is changed (copy
// on write): a copy of a request or a decision, which the workflow, the
// store's rows and an answer each take, costs a reference count, not the
// tree. A change through a mutable accessor (as_array(), as_object(), set(),
// push()) first gives this value a tree of its own when another shares it.
// So, unlike a std::map's: once a value has been copied, its next change
// (any change, even of another member) leaves every reference, pointer and
// iterator taken into it before the copy pointing into the tree the copies
// keep. Take references after the last copy, or finish with them before
// it. Copies may be read, and destroyed, on different threads at once.
class Json {
 public:
  enum class Kind : uint8_t { Null, Bool, Int, String, Array, Object };
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json, std::less<>>;  // byte order = canonical order

  Json() = default;                                                      // null
  Json(std::nullptr_t) {}                                                // NOLINT
  Json(bool b) : kind_(Kind::Bool), bool_(b) {}                          // NOLINT
  Json(int v) : kind_(Kind::Int), int_(v) {}                             // NOLINT
  Json(int64_t v) : kind_(Kind::Int), int_(v) {}                         // NOLINT
  Json(uint64_t v) : kind_(Kind::Int), int_(static_cast<int64_t>(v)) {}  // NOLINT
  Json(const char* s) : kind_(Kind::String), string_(s) {}               // NOLINT
  Json(std::string s) : kind_(Kind::String), string_(std::move(s)) {}    // NOLINT
  Json(std::string_view s) : kind_(Kind::String), string_(s) {}          // NOLINT
  Json(Array a);                                                         // NOLINT
  Json(Object o);                                                        // NOLINT
  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_int() const { return kind_ == Kind::Int; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }

  bool as_bool() const { return bool_; }
  int64_t as_int() const { return int_; }
  const std::string& as_string() const { return string_; }
  const Array& as_array() const;
  Array& as_array() { return own(array_); }
  const Object& as_object() const;
  Object& as_object() { return own(object_); }

  // Sets an object member (this must be an object).
  Json& set(std::string key, Json value) {
    return own(object_).insert_or_assign(std::move(key), std::move(value)).first->second;
  }
  // The member, or null when absent or this is not an object.
  const Json* find(std::string_view key) const;
  // The member as a string, or "" when absent or not a string.
  std::string_view string_or_empty(std::string_view key) const;

  void push(Json value) { own(array_).push_back(std::move(value)); }

  // The canonical text (see the header comment).
  std::string canonical() const;
  void append_canonical(std::string& out) const;

  // By value (two copies of one tree are equal, as are equal trees).
  friend bool operator==(const Json& a, const Json& b);

 private:
  // The tree `p` points to, made this value's own first: allocated when
  // there is none, copied when another value shares it.
  template <class T>
  static T& own(std::shared_ptr<T>& p);

  Kind kind_ = Kind::Null;
  bool bool_ = false;
  int64_t int_ = 0;
  std::string string_;
  std::shared_ptr<Array> array_;    // null: empty
  std::shared_ptr<Object> object_;  // null: empty
};

template <class T>
T& Json::own(std::shared_ptr<T>& p) {
  if (!p) {
    p = std::make_shared<T>();
  } else if (p.use_count() != 1) {
    p = std::make_shared<T>(*p);
  } else {
    // The last other owner may have let go on another thread just now: its
    // reads of the tree come before this value's writes (use_count() is a
    // relaxed load; the release of that owner's count pairs with this).
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  return *p;
}

// Parses JSON text. Fails on invalid JSON, duplicate keys, and numbers that
// are not integers in int64 range (records hold no floating point).
cedar::Result<Json> parse_json(std::string_view text);

// parse_json then canonical().
cedar::Result<std::string> canonicalize_json(std::string_view text);

// parse_json's checks and tree for a document simdjson parsed already (one
// parse serving more than one reader, as the intake's).
cedar::Result<Json> json_of_element(const simdjson::dom::element& root);
// parse_json's checks alone (integers only, no key repeated), with the same
// errors, building no tree.
cedar::Status check_json_element(const simdjson::dom::element& root);

}  // namespace trustgate::common
