// Vocabulary: the controlled values a decision request may use, read from the
// packs' shared Cedar schema (policies/schema.cedarschema), and the finite
// part of a request ("situation") that the law decides on.
//
// Invariants: every list is non-empty and duplicate-free; values keep the
// schema's order; the Cedar value of term i is Terms::cedar_values[i].
// Action i's two Cedar questions are do_uids[i] and refuse_uids[i].
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/result.h"
#include "cedar/schema.h"
#include "cedar/value.h"

namespace trustgate::policy {

// One controlled list, e.g. the instrument types (entity type `Instrument`).
struct Terms {
  std::string field;        // request field it constrains, e.g. "instrument.type"
  std::string entity_type;  // the schema's enumerated entity type, e.g. "Instrument"
  std::vector<std::string> values;
  std::vector<cedar::Value> cedar_values;  // Instrument::"detainer", ...

  // Whether the schema declares the list (an archived schema may predate it).
  bool declared() const { return !values.empty(); }
  std::optional<uint8_t> find(std::string_view value) const;
  // "one of: a, b, c" for error messages.
  std::string choices() const;
};

// The most conviction classes (subject.convictions) a schema may declare.
inline constexpr size_t kMaxConvictionClasses = 4;

// The finite, decision-relevant part of a request. Every field indexes the
// vocabulary; facts bit i is Vocabulary::facts[i]; convictions[i] is the
// ConvictionAge of Vocabulary::conviction_classes[i] (0 = "none").
struct Situation {
  uint8_t instrument = 0;
  uint8_t signed_by = 0;
  uint8_t purpose = 0;
  uint8_t requester = 0;
  bool in_custody = false;
  uint32_t facts = 0;
  uint8_t agency_kind = 0;     // Vocabulary::agency_kinds
  uint8_t interview_mode = 0;  // Vocabulary::interview_modes
  std::array<uint8_t, kMaxConvictionClasses> convictions{};
  friend bool operator==(const Situation&, const Situation&) = default;
};

// What Vocabulary::from_schema requires of a schema.
enum class SchemaForm {
  // A policies folder that decides new requests: the whole vocabulary this
  // build reads.
  kCurrent,
  // An archived law (law_archive.h): the schema it was decided over, which
  // an earlier build may have written before the vocabulary grew. The
  // members a later schema added to the context (agency_kind with
  // AgencyKind, interview_mode with InterviewMode, subject.convictions with
  // ConvictionAge) may be absent; a request's context then lacks them, as
  // it did when the case was decided.
  kArchived,
};

// The disclosure guard's question (docs/disclosure.md): may the agency
// release a field of class `field_class`, in a record of `record_type`, to
// `recipient`? Indexes into Vocabulary::release_terms.
struct ReleaseSituation {
  uint8_t agency_kind = 0;
  uint8_t field_class = 0;
  uint8_t record_type = 0;
  uint8_t recipient = 0;
  uint8_t instrument = 0;
  uint8_t purpose = 0;  // Vocabulary::purposes
  bool written_consent = false;
};

// The vocabularies of the `disclose` action (schema entity types FieldClass,
// Recipient, ReleaseInstrument, RecordType). Absent (present == false) when
// the schema declares no `disclose` action (an older release's schema).
struct ReleaseTerms {
  bool present = false;
  cedar::EntityUid disclose_uid;
  Terms field_classes, recipients, instruments, record_types;
};

class Vocabulary {
 public:
  // Reads the vocabularies from the schema: the enumerated entity types
  // Instrument, Signer, Purpose, Requester, AgencyKind, InterviewMode and
  // ConvictionAge; the actions A that have a refusal refuse_A; the boolean
  // attributes of the context's `facts`; and the conviction classes (the
  // attributes of `subject.convictions`, each a ConvictionAge). The action
  // `disclose`, when declared, needs no refusal: it is read into `release`
  // (its context: docs/disclosure.md). In either
  // form, a context member this build cannot fill (a schema of a later
  // build) is refused, so that no law is ever decided over a context it
  // does not describe.
  static cedar::Result<Vocabulary> from_schema(const cedar::Schema& schema,
                                               SchemaForm form = SchemaForm::kCurrent);

  Terms instruments, signers, purposes, requesters;
  Terms agency_kinds, interview_modes, conviction_ages;
  std::vector<std::string> conviction_classes;  // sorted by name
  bool convictions_declared = false;            // the context has subject.convictions
  std::vector<std::string> actions;             // the do-actions, in schema order
  std::vector<cedar::EntityUid> do_uids, refuse_uids;
  std::vector<std::string> facts;  // sorted by name
  ReleaseTerms release;

  std::optional<uint8_t> find_action(std::string_view name) const;
  std::optional<uint8_t> find_fact(std::string_view name) const;
  // The signer an instrument type implies when a request names none (a judge
  // for judicial instruments, an immigration officer for DHS forms, nobody
  // for informal requests); nullopt when the schema added a type this code
  // does not know, so the request must say.
  std::optional<uint8_t> default_signer(uint8_t instrument) const;
  std::optional<uint8_t> find_conviction_class(std::string_view name) const;
  // The Cedar context for a situation: a record {agency_kind, facts,
  // instrument, interview_mode, purpose, requester, signed_by, subject:
  // {convictions, in_custody}} matching the schema's Situation type (the
  // members it declares).
  cedar::Value context(const Situation& s) const;
  // The Cedar context of a `disclose` question, matching the schema's
  // Release type. Only when release.present.
  cedar::Value release_context(const ReleaseSituation& s) const;
  // Number of distinct situations for one receiving agency (its kind is
  // fixed): the size of `policy check`'s space per agency and action.
  uint64_t situation_count() const;

 private:
  // Names this vocabulary in the per-thread caches of context(): unlike its
  // address, never taken by another vocabulary later (a copy, or an object
  // assigned to, gets a new one). A vocabulary is not changed once built.
  class InstanceId {
   public:
    InstanceId() : value_(next()) {}
    InstanceId(const InstanceId&) : value_(next()) {}
    InstanceId& operator=(const InstanceId&) {
      value_ = next();
      return *this;
    }
    uint64_t value() const { return value_; }

   private:
    static uint64_t next();
    uint64_t value_;
  };
  InstanceId instance_;
};

}  // namespace trustgate::policy
