// Value: the result of evaluating a Cedar expression.
//
// A Value is one of: Bool, Long (signed 64-bit), String, Entity (an
// EntityUid), Set, Record, or an extension value (decimal, ipaddr, datetime,
// duration). Values are immutable; copies share their payload, so copying a
// Value is cheap.
//
// Invariants:
//  - A Set's elements are sorted by Value::compare and contain no duplicates,
//    so two sets are equal exactly when their element vectors are equal.
//  - A Record's fields are sorted by name with no duplicate names.
//  - compare() is a total order consistent with Cedar equality (==).
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cedar/extension_values.h"

namespace cedar {

// Fully qualified entity type name, e.g. "Photo" or "App::User".
using EntityType = std::string;

struct EntityUid {
  EntityType type;
  std::string id;

  friend bool operator==(const EntityUid&, const EntityUid&) = default;
  friend auto operator<=>(const EntityUid&, const EntityUid&) = default;
  // Cedar's display form: Type::"id" with the id escaped.
  std::string to_string() const;
};

// A fast hash for the short strings of entity uids: eight bytes at a time,
// each word multiplied in, the length folded into the seed.
inline uint64_t hash_bytes(uint64_t seed, std::string_view s) noexcept {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  uint64_t h = (seed ^ s.size()) * kMul;
  const char* p = s.data();
  size_t n = s.size();
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = (h ^ tail) * kMul;
  return h ^ (h >> 32);
}

struct EntityUidHash {
  size_t operator()(const EntityUid& uid) const noexcept {
    return hash_bytes(hash_bytes(0, uid.type), uid.id);
  }
};

class Value;
using ValueSet = std::vector<Value>;                        // sorted, unique
using Record = std::vector<std::pair<std::string, Value>>;  // sorted by name, unique

class Value {
 public:
  enum class Kind : uint8_t { Bool, Long, String, Entity, Set, Record, Extension };

  Value() : kind_(Kind::Bool), b_(false) {}
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value string(std::string s);
  static Value entity(EntityUid uid);
  // Sorts and removes duplicates.
  static Value set(std::vector<Value> elements);
  // Takes fields that are already sorted and unique (see sort_record).
  static Value record(Record fields);
  static Value extension(ExtensionValue ext);

  Kind kind() const { return kind_; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_long() const { return kind_ == Kind::Long; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_entity() const { return kind_ == Kind::Entity; }
  bool is_set() const { return kind_ == Kind::Set; }
  bool is_record() const { return kind_ == Kind::Record; }
  bool is_extension() const { return kind_ == Kind::Extension; }

  // Accessors; the caller must have checked the kind.
  bool as_bool() const { return b_; }
  int64_t as_long() const { return i_; }
  const std::string& as_string() const { return *static_cast<const std::string*>(ptr_.get()); }
  const EntityUid& as_entity() const { return *static_cast<const EntityUid*>(ptr_.get()); }
  const ValueSet& as_set() const { return *static_cast<const ValueSet*>(ptr_.get()); }
  const Record& as_record() const { return *static_cast<const Record*>(ptr_.get()); }
  const ExtensionValue& as_extension() const {
    return *static_cast<const ExtensionValue*>(ptr_.get());
  }

  // Field lookup in a record value; nullptr when absent.
  const Value* field(std::string_view name) const;
  // Membership in a set value (binary search).
  bool set_contains(const Value& v) const;

  // Total order: by kind, then by content. Equality under this order is
  // Cedar's `==`.
  static int compare(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) { return compare(a, b) == 0; }
  friend bool operator<(const Value& a, const Value& b) { return compare(a, b) < 0; }

  // Cedar-syntax rendering, e.g. `[1, "a", User::"x"]`, `{"k": true}`,
  // `decimal("1.5000")`.
  std::string to_string() const;

 private:
  Kind kind_;
  union {
    bool b_;
    int64_t i_;
  };
  std::shared_ptr<const void> ptr_;
};

// Sort fields by name; returns false (leaving an unspecified order) when two
// fields share a name.
bool sort_record(Record& fields);

// Name of a kind for error messages: "bool", "long", "string", "entity", "set",
// "record", or the extension type name.
std::string kind_name(const Value& v);

// Escape a string the way Cedar source would quote it (without the quotes).
std::string escape_string(std::string_view s);

}  // namespace cedar
