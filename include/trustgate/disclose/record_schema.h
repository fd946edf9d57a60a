// Record schemas (policies/records/<record_type>.json, docs/disclosure.md):
// every field of a record type and its class, the unit the disclosure guard
// decides on. A schema file:
//   {"record_type": "booking", "title": "...", "description": "...",
//    "fields": {"name": "identity",
//               "address": {"fields": {"street": "address", "city": "public"}},
//               "charges": {"items": {"fields": {"statute": "criminal_history"}}},
//               "aliases": {"items": "identity"}}}
// A field is a class (a scalar value of that class, or an array of them; an
// object found there is not described, so it is withheld), {"fields":
// {...}} (an object whose members are named one by one) or {"items":
// field} (an array whose elements are all that field).
//
// Invariants after load_record_schemas(): record types are those of the
// vocabulary (RecordType), one file each; every class is a FieldClass;
// nodes[0] is the record's root object; the member "record_type" of the root
// is always named, class public; member names within one object are unique.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/policy/vocabulary.h"

namespace trustgate::disclose {

inline constexpr uint8_t kNoClass = 0xFF;

// One node of a record type's field tree.
struct FieldNode {
  uint8_t field_class = kNoClass;  // set: the whole value is of this class
  // An object's named members (name, node index); empty unless an object.
  std::vector<std::pair<std::string, uint32_t>> members;
  int32_t items = -1;  // an array's element node; -1 unless an array

  // members' positions by a hash of their names (open addressing; size a
  // power of two, 0xFFFF for empty), so that a lookup costs one or two
  // comparisons; built by index_members().
  std::vector<uint16_t> table;

  static uint32_t hash(std::string_view name) {
    uint32_t h = static_cast<uint32_t>(name.size()) * 0x9E3779B1U;
    if (!name.empty()) {
      h ^= static_cast<uint8_t>(name.front()) * 0x85EBCA6BU;
      h ^= static_cast<uint8_t>(name.back()) * 0xC2B2AE35U;
      h ^= static_cast<uint8_t>(name[name.size() / 2]) * 0x27D4EB2FU;
    }
    return h ^ (h >> 15);
  }
  void index_members() {
    size_t size = 8;
    while (size < members.size() * 2) size <<= 1;
    table.assign(size, 0xFFFF);
    for (size_t m = 0; m < members.size(); ++m) {
      size_t slot = hash(members[m].first) & (size - 1);
      while (table[slot] != 0xFFFF) slot = (slot + 1) & (size - 1);
      table[slot] = static_cast<uint16_t>(m);
    }
  }
  // The member node named `name`, or -1.
  int32_t member(std::string_view name) const {
    if (table.empty()) return -1;
    const size_t mask = table.size() - 1;
    for (size_t slot = hash(name) & mask;; slot = (slot + 1) & mask) {
      const uint16_t m = table[slot];
      if (m == 0xFFFF) return -1;
      if (members[m].first == name) return static_cast<int32_t>(members[m].second);
    }
  }
};

struct RecordSchema {
  std::string record_type;
  uint8_t type_index = 0;  // Vocabulary::release.record_types
  std::string title;
  std::string description;
  std::vector<FieldNode> nodes;  // nodes[0]: the record (an object)
  // Top-level field (an RFC 6901 pointer, e.g. "/address/street" for CSV
  // columns too) -> node index, or -1 when the schema does not name it.
  int32_t node_at(std::string_view pointer) const;
};

class RecordSchemas {
 public:
  // By vocabulary index of the record type; null when no schema was loaded.
  const RecordSchema* find(uint8_t type_index) const {
    return type_index < by_type_.size() ? by_type_[type_index].get() : nullptr;
  }
  const RecordSchema* find(std::string_view record_type) const;
  std::vector<const RecordSchema*> all() const;

 private:
  friend base::Result<RecordSchemas> parse_record_schemas(
      const std::vector<std::pair<std::string, std::string>>& files,
      const policy::ReleaseTerms& terms);
  std::vector<std::shared_ptr<const RecordSchema>> by_type_;
};

// Parses schema files (name, text). Errors name the file and the member as
// a JSON Pointer: an unknown member, a class or record type not in the
// vocabulary, a type given twice, a field that is neither a class, nor
// {"fields"}, nor {"items"}.
base::Result<RecordSchemas> parse_record_schemas(
    const std::vector<std::pair<std::string, std::string>>& files,
    const policy::ReleaseTerms& terms);

// Reads every *.json of `dir` (policies/records) and parses them.
base::Result<RecordSchemas> load_record_schemas(const std::filesystem::path& dir,
                                                const policy::ReleaseTerms& terms);

}  // namespace trustgate::disclose
