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

// Byte equality of two strings of the same length `n`: fixed-size loads
// (overlapping when needed) for up to 16 bytes, memcmp beyond, so the short
// names of entity uids compare without a library call.
inline bool same_bytes(const char* a, const char* b, size_t n) noexcept {
  auto load = [](const char* p, auto word) {
    std::memcpy(&word, p, sizeof word);
    return word;
  };
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) {
    return ((load(a, uint64_t{}) ^ load(b, uint64_t{})) |
            (load(a + n - 8, uint64_t{}) ^ load(b + n - 8, uint64_t{}))) == 0;
  }
  if (n >= 4) {
    return ((load(a, uint32_t{}) ^ load(b, uint32_t{})) |
            (load(a + n - 4, uint32_t{}) ^ load(b + n - 4, uint32_t{}))) == 0;
  }
  return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

struct EntityUid {
  EntityType type;
  std::string id;

  // Ids differ more often than types, so they are compared first.
  friend bool operator==(const EntityUid& a, const EntityUid& b) noexcept {
    return a.id.size() == b.id.size() && a.type.size() == b.type.size() &&
           same_bytes(a.id.data(), b.id.data(), a.id.size()) &&
           same_bytes(a.type.data(), b.type.data(), a.type.size());
  }
  friend auto operator<=>(const EntityUid&, const EntityUid&) = default;
  // Cedar's display form: Type::"id" with the id escaped.
  std::string to_string() const;
};

// A fast hash for the short strings of entity uids: eight bytes at a time,
// each word multiplied in, the length folded into the seed. The last one to
// eight bytes are read with fixed-size loads (overlapping when needed), so
// that every byte counts and no variable-length copy is made.
inline uint64_t hash_bytes(uint64_t seed, std::string_view s) noexcept {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ULL;
  auto load32 = [](const char* p) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return uint64_t{w};
  };
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = (seed ^ n) * kMul;
  for (; n > 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  if (n >= 4) {
    tail = (load32(p) << 32) | load32(p + n - 4);
  } else if (n > 0) {
    auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
    tail = (byte(0) << 16) | (byte(n / 2) << 8) | byte(n - 1);
  }
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
  // An entity value that refers to `uid` without copying or owning it (no
  // allocation). `uid` must outlive the value and every copy of it.
  static Value borrowed_entity(const EntityUid& uid);
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
