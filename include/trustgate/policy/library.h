// Library, Chain and Law: the packs of a policies folder, layered by
// jurisdiction and compiled for each period of time.
//
// A jurisdiction id names a chain of packs, most general first, following
// each pack.json's `parent` (us -> us-il -> us-il-chicago). The dates at which
// any pack or policy of the chain starts or stops cut time into periods; in
// each period the same policies are in force, and a Law holds them compiled:
// for every Cedar question (action A, or refuse_A) the policies whose scope
// can match it, split into forbids and permits, with their conditions built
// once. Invariants: a chain's laws cover all dates, in order, without gaps or
// overlaps; a Law never changes after it is built; Library, Chain and Law are
// safe to share between threads.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cedar/entities.h"
#include "cedar/expr.h"
#include "cedar/result.h"
#include "cedar/schema.h"
#include "trustgate/policy/date.h"
#include "trustgate/policy/pack.h"
#include "trustgate/policy/time_zone.h"
#include "trustgate/policy/vocabulary.h"

namespace trustgate::policy {

struct CompiledPolicy {
  const Provision* provision;
  cedar::ExprPtr condition;  // the policy's scope and conditions, minus the action
};

// The policies that can decide one Cedar question.
struct CompiledQuestion {
  std::vector<CompiledPolicy> forbids;
  std::vector<CompiledPolicy> permits;
};

class Law {
 public:
  DateRange in_force;
  // "sha256:<hex>" of the jurisdiction, the schema, the layers' contents and the
  // policies in force: two laws with one version decide every request alike.
  std::string policy_version;
  std::vector<const Pack*> layers;                 // packs in force, most general first
  std::vector<const Provision*> provisions;        // policies in force, in layer order
  std::vector<CompiledQuestion> do_questions;      // by action index
  std::vector<CompiledQuestion> refuse_questions;  // by action index
  CompiledQuestion disclose_question;              // the disclosure guard's (action disclose)
  cedar::Entities entities;  // empty: requests carry everything in their context

  const CompiledQuestion& question(Question q) const {
    return q.refuse ? refuse_questions[q.action] : do_questions[q.action];
  }
  // The obligation `id` as the most specific layer defining it says, or null.
  const Obligation* obligation(const std::string& id) const;
};

// The laws of one set of layers of a chain, by date, covering all dates.
struct LawPeriods {
  uint32_t layers = 0;  // bit i: Chain::packs[i] is among the layers
  std::vector<std::unique_ptr<Law>> laws;
  const Law& at(Date date) const;
};

// A receiving agency known in a jurisdiction, resolved against its chain.
struct ChainAgency {
  const AgencyEntry* entry = nullptr;
  uint32_t layers = 0;  // bit i: Chain::packs[i] binds the agency
  size_t periods = 0;   // index into Chain::agency_laws
};

class Chain {
 public:
  std::string jurisdiction;
  std::vector<std::shared_ptr<const Pack>> packs;  // most general first
  std::vector<std::unique_ptr<Law>> laws;          // all layers, by date, covering all dates
  // The known receiving agencies (registry entries of the chain's packs,
  // placeholders only in their own pack's jurisdiction), in declaration
  // order, and the laws binding each distinct set of layers.
  std::vector<ChainAgency> agencies;
  std::vector<LawPeriods> agency_laws;
  // The most specific pack's time zone; null when no pack declares one.
  std::shared_ptr<const TimeZone> time_zone;

  // The law of all layers (a chain with no registry, or whole-chain views).
  const Law& at(Date date) const;
  // The law binding `agency` on `date`.
  const Law& at(Date date, const ChainAgency& agency) const;
  // Null when the registry has no such agency.
  const ChainAgency* find_agency(std::string_view id) const;
  // "a, b, c": the known agency ids, for error messages.
  std::string agency_ids() const;
  // The calendar date at instant `utc_seconds` in the chain's time zone, or
  // `as_written` when the chain declares none.
  Date local_date(int64_t utc_seconds, Date as_written) const;
};

class Library {
 public:
  // Loads policies/schema.cedarschema and every sub-folder holding a
  // pack.json, and builds every jurisdiction's chain.
  static cedar::Result<std::shared_ptr<const Library>> open(const std::filesystem::path& root);
  // The same with the schema read from another file (for `policy diff
  // --old-policies`: an earlier release's packs decided over today's
  // vocabulary, which only extends the old one).
  static cedar::Result<std::shared_ptr<const Library>> open(
      const std::filesystem::path& root, const std::filesystem::path& schema_file,
      SchemaForm form = SchemaForm::kCurrent);
  // An archived law (cases/law_archive.h): root's own schema, in the form of
  // whichever build wrote it (SchemaForm::kArchived), so that it decides
  // over exactly the context it was decided over.
  static cedar::Result<std::shared_ptr<const Library>> open_archived(
      const std::filesystem::path& root);

  const Vocabulary& vocabulary() const { return vocab_; }
  const std::filesystem::path& root() const { return root_; }
  std::vector<std::string> jurisdictions() const;
  // Null when no such jurisdiction.
  std::shared_ptr<const Chain> chain(std::string_view jurisdiction) const;
  // A chain ending in `leaf` (e.g. a pack loaded from another folder, for
  // `policy diff`), its ancestors taken from this library. Fails when an
  // agency's layers are not packs of the chain in chain order, an agency id
  // repeats, or the time zone cannot be read.
  cedar::Result<std::shared_ptr<const Chain>> chain_with_leaf(
      std::shared_ptr<const Pack> leaf) const;

 private:
  std::filesystem::path root_;
  cedar::Schema schema_;
  std::string schema_digest_;  // SHA-256 (hex) of schema.cedarschema
  Vocabulary vocab_;
  std::map<std::string, std::shared_ptr<const Pack>, std::less<>> packs_;
  std::map<std::string, std::shared_ptr<const Chain>, std::less<>> chains_;
  mutable std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> time_zones_;
};

}  // namespace trustgate::policy
