// The state one Release shares between its readers (jsonl_reader.cc,
// csv_reader.cc): the pending output and log, the digest and the counts,
// and one record's withholdings until the record is complete (a record that
// turns out malformed is taken back whole, so nothing of it is written).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/digest.h"
#include "trustgate/disclose/release.h"

namespace trustgate::disclose {

// Appends `v` in decimal (the readers' array indexes, the log's numbers).
inline void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  char* e = buf + sizeof buf;
  char* b = e;
  do {
    *--b = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  out.append(b, static_cast<size_t>(e - b));
}

// A CSV column, resolved for one record type.
struct CsvColumn {
  int32_t node = -1;               // RecordSchema node, -1 when not named
  uint8_t field_class = kNoClass;  // kNoClass: not named, or not a field with a class
  bool released = false;
  uint16_t ground = kGroundNotInSchema;
};

struct CsvState {
  bool have_header = false;
  std::vector<std::string> names;               // header cells, unquoted
  std::vector<std::string> paths_json;          // each column's JSON Pointer, JSON-escaped
  int32_t type_column = -1;                     // the record_type column, or -1
  std::vector<std::vector<CsvColumn>> by_type;  // resolved lazily, by record type index
};

class Release::Impl {
 public:
  Impl(const ReleasePlan& plan, const RecordSchemas& schemas, const policy::Vocabulary& vocab,
       const DisclosureRequest& request, RecordFormat format, ByteSink out, ByteSink log);

  base::Status feed(std::string_view chunk);
  base::Result<ReleaseTally> finish();

  // --- for the readers ---------------------------------------------------
  // A record starts; its output begins at out.size().
  void begin_record();
  // The record's field of class `field_class` (kNoClass: unnamed) at
  // `path_json` (a JSON Pointer, already JSON-escaped) was withheld.
  void withheld(std::string_view path_json, uint8_t field_class, uint16_t ground);
  void released(uint8_t field_class) { ++rec_released_[field_class]; }
  // The record's own record_type member was released (it says what the
  // record is, not what it holds: a record of which nothing else was
  // released is withheld in full).
  void released_type(uint8_t field_class) {
    released(field_class);
    rec_type_released_ = true;
  }
  // The same, with the log entry made once by append_log_entry() for this path
  // (a record type's fields recur at the same paths record after record).
  void withheld_entry(std::string_view entry, uint8_t field_class) {
    if (std::string* log = count_withheld(field_class)) log->append(entry);
  }
  // Appends a withheld field's log entry: [path, class (null: kNoClass), ground].
  void append_log_entry(std::string& to, std::string_view path_json, uint8_t field_class,
                        uint16_t ground) const;
  // The record is complete: its counts and log line are kept.
  void commit_record();
  // The record is malformed (or of no known type): its output is taken
  // back and it is logged as withheld in full on `ground`.
  void drop_record(uint16_t ground);

  void jsonl_record(std::string_view line);  // jsonl_reader.cc
  // Releases the complete CSV rows of `buf`; returns the bytes consumed.
  size_t csv_rows(std::string_view buf, bool eof);  // csv_reader.cc
  // The record schema of the record type named `name` (unescaped), or of
  // the request's default type when `name` is absent; null when none.
  const RecordSchema* schema_for(const std::optional<std::string_view>& name) const;

  const ReleasePlan& plan;
  const RecordSchemas& schemas;
  const policy::Vocabulary& vocab;
  const DisclosureRequest& request;
  std::string out;  // released bytes not yet given to the sink

 private:
  // Counts a withheld field of this class and, when a log is kept, returns
  // the record's log ready for the next entry (its separator written).
  std::string* count_withheld(uint8_t field_class) {
    if (field_class == kNoClass) {
      ++rec_unclassified_;
    } else {
      ++rec_withheld_[field_class];
    }
    if (!log_sink_) return nullptr;
    if (!rec_log_.empty()) rec_log_ += ',';
    return &rec_log_;
  }
  base::Status process(bool eof);
  std::string_view plan_class_name(uint8_t field_class) const;
  base::Status flush();
  void write_log_header();

  RecordFormat format_;
  ByteSink out_sink_, log_sink_;
  std::string log_;
  std::string carry_;
  size_t searched_ = 0;  // JSONL: bytes at the start of carry_ known to hold no newline
  base::Sha256Stream hash_;
  ReleaseTally tally_;
  size_t record_start_ = 0;
  std::string rec_log_;
  std::vector<uint32_t> rec_released_, rec_withheld_;
  uint32_t rec_unclassified_ = 0;
  bool rec_type_released_ = false;
  bool failed_ = false;

 public:
  CsvState csv;
  // The JSONL reader's buffers, kept from record to record.
  std::string walk_path_, walk_key_;
  std::optional<std::string> record_type_;
  // What the JSONL reader learnt of the records of each type (by record
  // type index), reused while the records keep their shape: the root's
  // members by position, and each node's last withheld log entry.
  struct RootMember {
    std::string name_json;  // `"name"` as written: no escape, no '~' or '/'
    int32_t node = -1;
    // Its log entry when withheld, made for the entries' slot `entry_slot`
    // (a node, or the nodes' count for a field withheld unnamed); -2: none.
    int32_t entry_slot = -2;
    std::string entry;
  };
  struct NodeEntry {
    std::string path_json;  // the path the entry was made for
    std::string entry;      // append_log_entry(path_json, ...)
  };
  struct TypeMemo {
    std::vector<RootMember> root;
    std::vector<NodeEntry> entries;  // by node
  };
  std::vector<TypeMemo> memo;
};

}  // namespace trustgate::disclose
