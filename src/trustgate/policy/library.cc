#include "trustgate/policy/library.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "base/digest.h"
#include "base/storage.h"
#include "cedar/validator.h"

namespace trustgate::policy {

namespace fs = std::filesystem;

namespace {

// `e` with every set of literals (`[Instrument::"detainer", ...]`) built
// once into a literal set value, so that evaluating a condition does not
// rebuild (allocate and sort) the set for every request. Cedar's result is
// the same: a set literal's elements are values either way.
cedar::ExprPtr fold_literal_sets(const cedar::ExprPtr& e) {
  if (!e) return e;
  if (e->kind == cedar::Expr::Kind::Set) {
    std::vector<cedar::Value> values;
    bool literal = true;
    for (const auto& a : e->args) {
      if (!a || a->kind != cedar::Expr::Kind::Literal) {
        literal = false;
        break;
      }
      values.push_back(a->value);
    }
    if (literal) return cedar::make_literal(cedar::Value::set(std::move(values)), e->loc);
  }
  std::shared_ptr<cedar::Expr> copy;
  for (size_t i = 0; i < e->args.size(); ++i) {
    cedar::ExprPtr folded = fold_literal_sets(e->args[i]);
    if (folded == e->args[i]) continue;
    if (!copy) copy = std::make_shared<cedar::Expr>(*e);
    copy->args[i] = std::move(folded);
  }
  return copy ? cedar::ExprPtr(copy) : e;
}

// The policy's condition for requests already known to be for one of its
// actions: the action constraint is dropped (the Law routes requests by
// action), the rest is Cedar's own policy condition, literal sets folded.
cedar::ExprPtr condition_without_action(const cedar::Policy& p) {
  if (p.principal.kind == cedar::ScopeConstraint::Kind::Any &&
      p.resource.kind == cedar::ScopeConstraint::Kind::Any) {
    cedar::ExprPtr e;
    for (const cedar::Condition& c : p.conditions) {
      cedar::ExprPtr term = c.is_when ? c.body : cedar::make_unary(cedar::UnaryOp::Not, c.body);
      e = e ? cedar::make_and(e, term) : term;
    }
    return e ? fold_literal_sets(e) : cedar::make_literal(cedar::Value::boolean(true));
  }
  cedar::Policy copy = p;
  copy.action = cedar::ActionConstraint{};
  return fold_literal_sets(copy.condition_expr());
}

std::unique_ptr<Law> compile_law(const Chain& chain, uint32_t layers, DateRange range,
                                 Date representative, const Vocabulary& vocab,
                                 const std::string& schema_digest) {
  auto law = std::make_unique<Law>();
  law->in_force = range;
  law->do_questions.resize(vocab.actions.size());
  law->refuse_questions.resize(vocab.actions.size());
  // The version covers the schema too: it defines what a request can say. It
  // is the version of the jurisdiction's whole law on these dates (every
  // pack of the chain, whichever layers bind this agency): the registry that
  // picks an agency's layers is part of the packs, so one version still
  // decides every request alike, and an agency's decision names the same
  // version as the chain's law of that date.
  std::string version_input = chain.jurisdiction + '\0' + "schema" + '\0' + schema_digest;
  for (size_t p = 0; p < chain.packs.size(); ++p) {
    const auto& pack = chain.packs[p];
    if (!pack->in_force.contains(representative)) continue;
    version_input += '\0' + pack->id + '\0' + pack->digest;
    const bool binds = (layers >> p) & 1U;
    if (binds) law->layers.push_back(pack.get());
    for (size_t i = 0; i < pack->policies.size(); ++i) {
      const Provision& prov = pack->provisions[i];
      if (!prov.in_force.contains(representative)) continue;
      version_input += '\0' + prov.id;
      if (!binds) continue;
      law->provisions.push_back(&prov);
      CompiledPolicy compiled{&prov, condition_without_action(pack->policies[i])};
      bool forbid = pack->policies[i].effect == cedar::Effect::Forbid;
      for (Question q : prov.questions) {
        auto& question = q.refuse ? law->refuse_questions[q.action] : law->do_questions[q.action];
        (forbid ? question.forbids : question.permits).push_back(compiled);
      }
      if (prov.discloses) {
        auto& question = law->disclose_question;
        (forbid ? question.forbids : question.permits).push_back(compiled);
      }
    }
  }
  law->policy_version = "sha256:" + base::sha256_hex(version_input);
  return law;
}

// Cuts time at every date a pack or policy of the chain starts or stops (of
// every layer, so that an agency's periods are the chain's and carry its
// versions), and compiles the law of the selected layers for each period.
std::vector<std::unique_ptr<Law>> compile_laws(const Chain& chain, uint32_t layers,
                                               const Vocabulary& vocab,
                                               const std::string& schema_digest) {
  std::set<Date> cuts;
  auto add = [&](const DateRange& r) {
    if (r.from) cuts.insert(*r.from);
    if (r.to) cuts.insert(*r.to);
  };
  for (size_t i = 0; i < chain.packs.size(); ++i) {
    add(chain.packs[i]->in_force);
    for (const Provision& p : chain.packs[i]->provisions) add(p.in_force);
  }
  std::vector<std::unique_ptr<Law>> laws;
  std::optional<Date> from;
  for (Date cut : cuts) {
    laws.push_back(
        compile_law(chain, layers, DateRange{from, cut}, Date{cut.days - 1}, vocab, schema_digest));
    from = cut;
  }
  Date last = from.value_or(Date{0});
  laws.push_back(
      compile_law(chain, layers, DateRange{from, std::nullopt}, last, vocab, schema_digest));
  return laws;
}

// Resolves the registry entries known in the chain's jurisdiction and
// compiles the laws of each distinct set of binding layers.
cedar::Status resolve_agencies(Chain& chain, const Vocabulary& vocab,
                               const std::string& schema_digest) {
  std::set<std::string> seen;
  for (const auto& pack : chain.packs) {
    for (const AgencyEntry& a : pack->agencies) {
      if (a.placeholder && pack->id != chain.jurisdiction) continue;
      if (!seen.insert(a.id).second) {
        return cedar::Error{chain.jurisdiction + ": agency \"" + a.id +
                            "\" is declared twice in the chain"};
      }
      ChainAgency ca{&a, 0, 0};
      size_t next = 0;  // layers must follow the chain's order
      for (const std::string& layer : a.layers) {
        size_t i = next;
        while (i < chain.packs.size() && chain.packs[i]->id != layer) ++i;
        if (i == chain.packs.size()) {
          return cedar::Error{pack->directory.string() + "/pack.json: agencies." + a.id +
                              ".layers: \"" + layer + "\" is not a pack of the chain of " +
                              chain.jurisdiction + " (in chain order)"};
        }
        ca.layers |= uint32_t{1} << i;
        next = i + 1;
      }
      auto same = std::find_if(chain.agency_laws.begin(), chain.agency_laws.end(),
                               [&](const LawPeriods& p) { return p.layers == ca.layers; });
      ca.periods = static_cast<size_t>(same - chain.agency_laws.begin());
      if (same == chain.agency_laws.end()) {
        chain.agency_laws.push_back(
            LawPeriods{ca.layers, compile_laws(chain, ca.layers, vocab, schema_digest)});
      }
      chain.agencies.push_back(ca);
    }
  }
  return cedar::Status::Ok();
}

cedar::Status check_chain(const Chain& chain) {
  std::set<std::string> ids;
  std::set<std::string> defined;
  for (const auto& pack : chain.packs) {
    for (const Obligation& o : pack->obligations) defined.insert(o.id);
    for (const Provision& p : pack->provisions) {
      if (!ids.insert(p.id).second) {
        return cedar::Error{chain.jurisdiction + ": duplicate policy @id " + p.id +
                            " in the chain"};
      }
      for (const std::string& o : p.obligations) {
        if (!defined.count(o)) {
          return cedar::Error{pack->directory.string() + "/" + p.file + ": policy " + p.id +
                              ": obligation \"" + o + "\" is not defined in pack.json obligations"};
        }
      }
    }
  }
  return cedar::Status::Ok();
}

// Every policy of a pack passes Cedar's strict validation against the shared
// domain schema: a misspelt attribute or a string compared with a number is
// refused when the library loads, before any decision uses it.
cedar::Status validate_against_schema(const Pack& pack, const cedar::Schema& schema) {
  cedar::PolicySet set;
  for (const cedar::Policy& p : pack.policies) {
    if (auto s = set.add(p); !s) return s.error();
  }
  cedar::ValidationResult result = cedar::validate_policies(schema, set);
  if (result.passed()) return cedar::Status::Ok();
  const cedar::ValidationDiagnostic& d = result.errors.front();
  std::string file;
  for (size_t i = 0; i < pack.policies.size(); ++i) {
    if (pack.policies[i].id == d.policy_id) file = pack.provisions[i].file;
  }
  return cedar::Error{(pack.directory / file).string() + ":" + std::to_string(d.loc.line) + ":" +
                      std::to_string(d.loc.column) + ": policy " + d.policy_id +
                      " does not validate against schema.cedarschema: " + d.message +
                      (result.errors.size() > 1
                           ? " (and " + std::to_string(result.errors.size() - 1) + " more)"
                           : "")};
}

}  // namespace

const Obligation* Law::obligation(const std::string& id) const {
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    if (const Obligation* o = (*it)->obligation(id)) return o;
  }
  return nullptr;
}

namespace {

// laws[i] covers [cut(i-1), cut(i)); finds the first whose end is after `date`.
const Law& law_at(const std::vector<std::unique_ptr<Law>>& laws, Date date) {
  auto it = std::upper_bound(laws.begin(), laws.end(), date, [](Date d, const auto& law) {
    return !law->in_force.to || d < *law->in_force.to;
  });
  return it == laws.end() ? *laws.back() : **it;
}

}  // namespace

const Law& LawPeriods::at(Date date) const { return law_at(laws, date); }

const Law& Chain::at(Date date) const { return law_at(laws, date); }

const Law& Chain::at(Date date, const ChainAgency& agency) const {
  return agency_laws[agency.periods].at(date);
}

const ChainAgency* Chain::find_agency(std::string_view id) const {
  for (const ChainAgency& a : agencies) {
    if (a.entry->id == id) return &a;
  }
  return nullptr;
}

std::string Chain::agency_ids() const {
  std::string out;
  for (const ChainAgency& a : agencies) out += (out.empty() ? "" : ", ") + a.entry->id;
  return out;
}

Date Chain::local_date(int64_t utc_seconds, Date as_written) const {
  return time_zone ? time_zone->local_date(utc_seconds) : as_written;
}

cedar::Result<std::shared_ptr<const Library>> Library::open(const fs::path& root) {
  return open(root, root / "schema.cedarschema");
}

cedar::Result<std::shared_ptr<const Library>> Library::open_archived(const fs::path& root) {
  return open(root, root / "schema.cedarschema", SchemaForm::kArchived);
}

cedar::Result<std::shared_ptr<const Library>> Library::open(const fs::path& root,
                                                            const fs::path& schema_file,
                                                            SchemaForm form) {
  auto lib = std::make_shared<Library>();
  lib->root_ = root;
  auto schema_text = base::read_file(schema_file);
  if (!schema_text) return schema_text.error();
  auto schema = cedar::parse_schema_text(*schema_text);
  if (!schema) return cedar::Error{schema_file.string() + ":" + schema.error().describe()};
  lib->schema_ = std::move(*schema);
  lib->schema_digest_ = base::sha256_hex(*schema_text);
  auto vocab = Vocabulary::from_schema(lib->schema_, form);
  if (!vocab) return cedar::Error{schema_file.string() + ": " + vocab.error().describe()};
  lib->vocab_ = std::move(*vocab);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::error_code probe;
    if (!entry.is_directory(probe) || !fs::exists(entry.path() / "pack.json", probe)) continue;
    auto pack = load_pack(entry.path(), lib->vocab_);
    if (!pack) return pack.error();
    if (auto s = validate_against_schema(*pack, lib->schema_); !s) return s.error();
    std::string id = pack->id;
    lib->packs_.emplace(id, std::make_shared<const Pack>(std::move(*pack)));
  }
  if (ec) return cedar::Error{root.string() + ": " + ec.message()};
  if (lib->packs_.empty())
    return cedar::Error{root.string() + ": no packs (folders with pack.json)"};
  for (const auto& [id, pack] : lib->packs_) {
    auto chain = lib->chain_with_leaf(pack);
    if (!chain) return chain.error();
    lib->chains_.emplace(id, std::move(*chain));
  }
  return std::shared_ptr<const Library>(std::move(lib));
}

std::vector<std::string> Library::jurisdictions() const {
  std::vector<std::string> out;
  for (const auto& [id, chain] : chains_) out.push_back(id);
  return out;
}

std::shared_ptr<const Chain> Library::chain(std::string_view jurisdiction) const {
  auto it = chains_.find(jurisdiction);
  return it == chains_.end() ? nullptr : it->second;
}

cedar::Result<std::shared_ptr<const Chain>> Library::chain_with_leaf(
    std::shared_ptr<const Pack> leaf) const {
  auto chain = std::make_shared<Chain>();
  chain->jurisdiction = leaf->id;
  std::vector<std::shared_ptr<const Pack>> reversed{leaf};
  while (reversed.back()->parent) {
    const std::string& parent = *reversed.back()->parent;
    auto it = packs_.find(parent);
    if (it == packs_.end()) {
      return cedar::Error{reversed.back()->id + "/pack.json: parent: no pack \"" + parent + "\""};
    }
    for (const auto& seen : reversed) {
      if (seen->id == parent)
        return cedar::Error{leaf->id + ": the parent chain loops at " + parent};
    }
    reversed.push_back(it->second);
  }
  chain->packs.assign(reversed.rbegin(), reversed.rend());
  if (chain->packs.size() > 31) return cedar::Error{leaf->id + ": a chain has at most 31 packs"};
  if (auto s = check_chain(*chain); !s) return s.error();
  uint32_t all = (uint32_t{1} << chain->packs.size()) - 1;
  chain->laws = compile_laws(*chain, all, vocab_, schema_digest_);
  if (auto s = resolve_agencies(*chain, vocab_, schema_digest_); !s) return s.error();
  for (auto it = chain->packs.rbegin(); it != chain->packs.rend(); ++it) {
    if ((*it)->time_zone.empty()) continue;
    auto cached = time_zones_.find((*it)->time_zone);
    if (cached == time_zones_.end()) {
      auto tz = TimeZone::load((*it)->time_zone);
      if (!tz)
        return cedar::Error{(*it)->directory.string() +
                            "/pack.json: time_zone: " + tz.error().message};
      cached =
          time_zones_.emplace((*it)->time_zone, std::make_shared<const TimeZone>(std::move(*tz)))
              .first;
    }
    chain->time_zone = cached->second;
    break;
  }
  return std::shared_ptr<const Chain>(std::move(chain));
}

}  // namespace trustgate::policy
