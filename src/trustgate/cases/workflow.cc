#include "trustgate/cases/workflow.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

#include "base/clock.h"
#include "base/text.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/intake/intake.h"
#include "trustgate/policy/decision.h"

namespace trustgate::cases {

namespace {

using common::Json;

constexpr size_t kReconcileChunk = 4096;  // entries applied per store transaction

base::Status check_actor(const Actor& actor) {
  if (auto s = base::check_text("actor.id", actor.id, base::TextRule{kMaxNameBytes}); !s) return s;
  return base::check_text("actor.role", actor.role, base::TextRule{64});
}

base::Status check_name(std::string_view field, const std::string& name) {
  return base::check_text(field, name, base::TextRule{kMaxNameBytes});
}

base::Error no_case(const std::string& id) { return base::not_found("no case " + id); }

// The members a disposition takes, as text that may be recorded; the
// projection (events.h) checks the rest against the case.
base::Status check_disposition(const DispositionStep& d) {
  const std::string kind(disposition_name(d.kind));
  if (auto s = base::check_text("/happened_at", d.happened_at, base::TextRule{64}); !s) return s;
  if (auto t = parse_instant(d.happened_at); !t) {
    return base::invalid_field("/happened_at", t.error().message);
  }
  const bool held = d.kind == DispositionKind::Held;
  if (held) {
    if (auto s = base::check_text("/until", d.until, base::TextRule{64}); !s) return s;
  } else if (!d.until.empty()) {
    return base::invalid_field("/until", "only `held` has an end time, not `" + kind + "`");
  }
  const bool to = d.kind == DispositionKind::Transferred || d.kind == DispositionKind::Notified;
  if (to) {
    if (auto s = base::check_text("/to", d.to, base::TextRule{policy::kMaxAgencyBytes}); !s) {
      return s;
    }
    for (char c : d.to) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
        return base::invalid_field("/to",
                                   "an agency id holds only letters, digits, '.', '_' "
                                   "and '-'");
      }
    }
  } else if (!d.to.empty()) {
    return base::invalid_field(
        "/to", "only `transferred` and `notified` name an agency, not `" + kind + "`");
  }
  return base::Status::Ok();
}

}  // namespace

DecidedCase decided_case(const policy::Decision& decision, const policy::Vocabulary& vocab) {
  DecidedCase d;
  d.policy_version = decision.policy_version;
  d.decision = policy::decision_record(decision, vocab);
  bool counsel = false, supervisor = false;
  for (const policy::Outcome& o : decision.outcomes) {
    counsel |= o.compliance == policy::Compliance::Conflict;
    supervisor |= o.compliance == policy::Compliance::Discretionary;
    for (std::string_view id : o.obligations) {
      std::string ob(id);
      if (std::find(d.obligations.begin(), d.obligations.end(), ob) == d.obligations.end()) {
        d.obligations.push_back(ob);
      }
      const policy::Obligation* def = decision.law->obligation(ob);
      if (!def) continue;
      if (def->deadline && std::none_of(d.deadlines.begin(), d.deadlines.end(),
                                        [&](const Deadline& x) { return x.obligation == ob; })) {
        const policy::ObligationDeadline& dl = *def->deadline;
        d.deadlines.push_back(Deadline{ob, dl.hours, dl.from, dl.met_by, dl.skip_weekends});
      }
      counsel |= def->sign_off == "counsel";
      supervisor |= def->sign_off == "supervisor";
      d.on_site_needed |= def->sign_off == "supervisor" && def->on_site;
    }
  }
  if (counsel) d.sign_offs_needed.push_back(Role::Counsel);
  if (supervisor) d.sign_offs_needed.push_back(Role::Supervisor);
  return d;
}

CaseWorkflow::CaseWorkflow(CaseStore& store, ledger::Ledger& ledger,
                           std::shared_ptr<const policy::Library> library, LawArchive* archive)
    : store_(store), ledger_(ledger), library_(std::move(library)), archive_(archive) {
  if (!ledger_.read_only()) {
    ledger_.set_commit_listener(
        [this](uint64_t first, std::span<const Json> events,
               std::span<const std::string_view> entries,
               const ledger::Checkpoint& cp) { return on_commit(first, events, entries, cp); });
  }
}

std::mutex& CaseWorkflow::lock_for(std::string_view key) {
  return locks_[std::hash<std::string_view>{}(key) % kLocks];
}

base::Status CaseWorkflow::open() {
  auto progress = store_.progress();
  if (!progress) return progress.error();
  const uint64_t size = ledger_.size();
  if (progress->applied_below > size) {
    return base::corruption(
        "the case store has applied " + std::to_string(progress->applied_below) +
        " ledger entries but the ledger holds " + std::to_string(size) +
        ": they belong to different histories (restored from different backups?); recreate "
        "the store from the ledger with `trustgate store rebuild`");
  }
  auto applied_root = ledger_.root(progress->applied_below);
  if (!applied_root) return applied_root.error();
  if (progress->applied_below > 0 && *applied_root != progress->root) {
    return base::corruption(
        "the case store was built from another ledger history than this one (its recorded root "
        "at entry " +
        std::to_string(progress->applied_below) +
        " differs); recreate it from the ledger with `trustgate store rebuild`");
  }
  {
    std::lock_guard lk(apply_mu_);
    applied_below_ = progress->applied_below;
  }
  if (ledger_.read_only()) return base::Status::Ok();
  if (!ledger_.listener_in_transaction()) {
    // The filter first, so that what reconcile applies adds its keys; then
    // every key the store held before.
    {
      std::lock_guard lk(apply_mu_);
      clients_ = std::make_unique<ClientIdFilter>();
    }
    if (auto s = reconcile(); !s) return s;
    return load_client_keys();
  }
  // The store commits with the ledger, so it lags only after a migration;
  // other servers append meanwhile, so look again after reading the size.
  for (int attempt = 0;; ++attempt) {
    const uint64_t size = ledger_.size();
    auto now = store_.progress();
    if (!now) return now.error();
    if (now->applied_below >= size) return base::Status::Ok();
    {
      std::lock_guard lk(apply_mu_);
      applied_below_ = now->applied_below;
    }
    auto s = reconcile();
    if (s || s.error().kind != base::ErrorKind::Conflict || attempt == 2) return s;
  }
}

// Adds the keys of the store's cases to clients_. Each batch applied adds
// its own (apply_entries) before its appenders return; apply_mu_ keeps
// batches out while the store is read.
base::Status CaseWorkflow::load_client_keys() {
  std::lock_guard lk(apply_mu_);
  return store_.each_client_key(
      [&](std::string_view jurisdiction, std::string_view agency, std::string_view client_id) {
        clients_->add(jurisdiction, agency, client_id);
      });
}

uint64_t CaseWorkflow::store_lag() const {
  if (ledger_.listener_in_transaction()) return 0;  // applied with each commit
  std::lock_guard lk(apply_mu_);
  uint64_t size = ledger_.size();
  return size > applied_below_ ? size - applied_below_ : 0;
}

// Projects a run of entries onto the store in one transaction. With
// apply_mu_ held; `first_seq` is applied_below_.
base::Status CaseWorkflow::apply_entries(uint64_t first_seq, std::span<const Json> events,
                                         std::span<const std::string_view> entries,
                                         const ledger::Hash& root) {
  StoreBatch batch;
  batch.first_seq = first_seq;
  batch.next_seq = first_seq + events.size();
  batch.root = root;
  std::map<std::string, Case, std::less<>> touched;
  for (size_t i = 0; i < events.size(); ++i) {
    const uint64_t seq = first_seq + i;
    const Json& e = events[i];
    std::string kind(e.string_or_empty("event"));
    std::string id(case_of(e));
    batch.event_cases.push_back(id);
    if (is_caseless_event(kind)) {
      batch.events.push_back(
          CaseEvent{seq, kind, std::string(e.string_or_empty("at")), std::string(entries[i])});
      if (kind == "policy_activated") {
        batch.activations.emplace_back(std::string(e.string_or_empty("policy_version")),
                                       std::string(e.string_or_empty("jurisdiction")));
      }
      continue;
    }
    auto it = touched.find(id);
    if (it == touched.end()) {
      Case start;
      if (kind != "received") {
        auto found = store_.find(id);
        if (!found) return found.error();
        if (*found) start = std::move(**found);
        start.events.clear();
      }
      it = touched.emplace(id, std::move(start)).first;
    }
    Case& c = it->second;
    const size_t kept = c.events.size();
    if (auto s = apply_event_to(c, seq, e, KeepEntry::Summary); !s) return s;
    batch.events.push_back(std::move(c.events.back()));
    batch.events.back().entry = entries[i];  // the text the ledger holds
    c.events.resize(kept);                   // the store keeps events in their own table
  }
  for (auto& [id, c] : touched) batch.cases.push_back(std::move(c));
  if (auto s = store_.apply(batch); !s) return s;
  applied_below_ = batch.next_seq;
  if (clients_) {
    for (const Case& c : batch.cases) {
      if (!c.client_id.empty()) clients_->add(c.jurisdiction, c.receiving_agency, c.client_id);
    }
  }
  return base::Status::Ok();
}

base::Status CaseWorkflow::on_commit(uint64_t first_seq, std::span<const Json> events,
                                     std::span<const std::string_view> entries,
                                     const ledger::Checkpoint& checkpoint) {
  if (observer_) observer_(events.size());
  std::lock_guard lk(apply_mu_);
  if (ledger_.listener_in_transaction()) {
    // Inside the ledger's transaction: a failure rolls the batch back, and
    // the store itself checks that it is contiguous (other servers append
    // between this one's batches).
    return apply_entries(first_seq, events, entries, checkpoint.root);
  }
  if (applied_below_ != first_seq) return base::Status::Ok();  // behind (reconcile) or applied
  if (auto s = apply_entries(first_seq, events, entries, checkpoint.root); !s) {
    apply_failed_ = s.error();
    store_behind_.store(true, std::memory_order_release);
  }
  return base::Status::Ok();
}

// Applies every entry the store lacks, from the ledger.
base::Status CaseWorkflow::reconcile() {
  std::lock_guard lk(apply_mu_);
  const uint64_t size = ledger_.size();
  while (applied_below_ < size) {
    const uint64_t end = std::min<uint64_t>(size, applied_below_ + kReconcileChunk);
    std::vector<Json> events;
    std::vector<std::string> texts;
    for (uint64_t seq = applied_below_; seq < end; ++seq) {
      auto text = ledger_.entry(seq);
      if (!text) return text.error();
      auto e = common::parse_json(*text);
      if (!e)
        return base::corruption("ledger entry " + std::to_string(seq) + ": " + e.error().message);
      events.push_back(std::move(*e));
      texts.push_back(std::move(*text));
    }
    const std::vector<std::string_view> entries(texts.begin(), texts.end());
    auto root = ledger_.root(end);
    if (!root) return root.error();
    if (auto s = apply_entries(applied_below_, events, entries, *root); !s) {
      return base::Error{"the case store cannot apply ledger entries from " +
                             std::to_string(applied_below_) + ": " + s.error().message,
                         {},
                         s.error().kind};
    }
  }
  apply_failed_.reset();
  store_behind_.store(false, std::memory_order_release);
  return base::Status::Ok();
}

// Before a step: a store that fell behind (a failed apply) catches up first.
// Only a failed apply leaves it behind: open() reconciled it, and since then
// each commit's leader applies its batch, in ledger order, before any of the
// batch's appenders returns. A batch committed but not yet applied is that
// leader's to apply; reconciling it here would read it back from disk and
// make the leader wait for apply_mu_. Nor does a step wait for that apply:
// a case its submitter has not been answered for yet (its id seen in the
// ledger's entries meanwhile) may read as missing for that long.
base::Status CaseWorkflow::catch_up() {
  if (ledger_.read_only()) return base::Error{"the data directory was opened read-only"};
  if (ledger_.listener_in_transaction()) return base::Status::Ok();  // never behind
  if (!store_behind_.load(std::memory_order_acquire)) return base::Status::Ok();
  return reconcile();
}

base::Result<Case> CaseWorkflow::existing(const Case& found, const Json& record,
                                          const std::string& client_id) {
  if (found.request == record) {
    auto full = store_.find(found.id);
    if (!full) return full.error();
    if (*full) return std::move(**full);
  }
  return base::conflict("the request id \"" + base::printable(client_id) +
                        "\" was used before for a different request (case " + found.id +
                        "); give this request an id of its own");
}

base::Result<Submission> CaseWorkflow::submit(std::string_view request_text, const Actor& actor) {
  if (!library_) return base::Error{"no policies are loaded: cases cannot be submitted"};
  auto intake = intake::parse_request(request_text, *library_, base::now_unix_seconds());
  if (!intake) return intake.error();  // refused: nothing recorded
  return submit(std::move(*intake), actor);
}

base::Result<Submission> CaseWorkflow::submit(intake::Intake taken, const Actor& actor) {
  if (!library_) return base::Error{"no policies are loaded: cases cannot be submitted"};
  if (auto s = check_actor(actor); !s) return s.error();
  // What the case keeps as received: an intake made with Keep::RequestOnly has none.
  if (!taken.record.is_object()) return base::Error{"submit: the intake kept no record"};
  const policy::DecisionRequest& request = taken.request;
  std::unique_lock<std::mutex> client_lock;
  if (!request.id.empty()) {
    client_lock = std::unique_lock(lock_for("client\n" + request.jurisdiction + "\n" +
                                            request.receiving_agency + "\n" + request.id));
  }
  if (auto s = catch_up(); !s) return s.error();
  // A key the filter has never seen names no case: the store is not asked.
  if (!request.id.empty() &&
      (!clients_ ||
       clients_->may_hold(request.jurisdiction, request.receiving_agency, request.id))) {
    auto found = store_.find_by_client(request.jurisdiction, request.receiving_agency, request.id);
    if (!found) return found.error();
    if (*found) {
      auto c = existing(**found, taken.record, request.id);
      if (!c) return c.error();
      return Submission{std::move(*c), false};
    }
  }
  auto decision = policy::decide(*library_, request);
  if (!decision) return decision.error();
  DecidedCase decided = decided_case(*decision, library_->vocabulary());
  const std::string version_key = decision->policy_version + " " + decision->jurisdiction;
  bool activate = false;
  {
    std::lock_guard lk(versions_mu_);
    if (!known_versions_.count(version_key)) {
      auto known = store_.policy_version_known(decision->policy_version, decision->jurisdiction);
      if (!known) return known.error();
      if (*known) {
        known_versions_.insert(version_key);
      } else {
        // The law is kept before the first case it decides is recorded.
        if (archive_) {
          if (auto s = archive_->keep(*library_, *decision); !s) return s.error();
        }
        activate = true;
      }
    }
  }
  // The new case as the store projects it (apply_event_to, the one
  // projection), made beside its entries: the answer needs no read of the
  // store after the commit, and an entry the store could not project is
  // refused before it is recorded. Answered, not stored: the events' texts
  // are left out (no serialising under the ledger's lock).
  Case made;
  auto first = ledger_.append_all([&](uint64_t first_seq) -> base::Result<std::vector<Json>> {
    std::vector<Json> events;
    if (activate) {
      events.push_back(
          policy_activated_event(decision->policy_version, decision->jurisdiction, actor));
    }
    const uint64_t received_seq = first_seq + events.size();
    const std::string id = case_id_for(received_seq);
    events.push_back(received_event(id, actor, taken.record, decision->policy_version));
    events.push_back(decided_event(id, actor, decided));
    made = Case{};
    for (uint64_t seq = received_seq; seq < first_seq + events.size(); ++seq) {
      if (auto s = apply_event_to(made, seq, events[seq - first_seq], KeepEntry::Summary); !s) {
        return s.error();
      }
    }
    return events;
  });
  if (!first && first.error().kind == base::ErrorKind::Conflict && !request.id.empty()) {
    // Another server recorded this client id meanwhile (a retry that raced).
    auto found = store_.find_by_client(request.jurisdiction, request.receiving_agency, request.id);
    if (found && *found) {
      auto c = existing(**found, taken.record, request.id);
      if (!c) return c.error();
      return Submission{std::move(*c), false};
    }
  }
  if (!first) return first.error();
  if (activate) {
    std::lock_guard lk(versions_mu_);
    known_versions_.insert(version_key);
  }
  if (auto s = applied(); !s) return s.error();
  return Submission{std::move(made), true};
}

base::Result<CaseWorkflow::Prepared> CaseWorkflow::prepare(const RecordedCase& rc, int64_t now,
                                                           std::set<std::string>& activating) {
  auto intake = intake::parse_request(rc.request, *library_, now);
  if (!intake) return intake.error();
  const policy::DecisionRequest& request = intake->request;
  if (!request.id.empty()) {
    auto found = store_.find_by_client(request.jurisdiction, request.receiving_agency, request.id);
    if (!found) return found.error();
    if (*found) {
      return base::conflict("the request id \"" + base::printable(request.id) + "\" names case " +
                            (*found)->id + " already");
    }
  }
  auto decision = policy::decide(*library_, request);
  if (!decision) return decision.error();
  Prepared p{std::move(intake->record), decided_case(*decision, library_->vocabulary()),
             decision->jurisdiction, false};
  const std::string key = decision->policy_version + " " + decision->jurisdiction;
  std::lock_guard lk(versions_mu_);
  if (!known_versions_.count(key) && !activating.count(key)) {
    auto known = store_.policy_version_known(decision->policy_version, decision->jurisdiction);
    if (!known) return known.error();
    if (*known) {
      known_versions_.insert(key);
    } else {
      if (archive_) {
        if (auto s = archive_->keep(*library_, *decision); !s) return s.error();
      }
      activating.insert(key);
      p.activate = true;
    }
  }
  return p;
}

base::Result<uint64_t> CaseWorkflow::record_cases(std::span<const RecordedCase> cases,
                                                  const Actor& actor) {
  if (!library_) return base::Error{"no policies are loaded: cases cannot be recorded"};
  if (cases.empty()) return base::invalid_field("", "no cases to record");
  if (auto s = check_actor(actor); !s) return s.error();
  if (auto s = catch_up(); !s) return s.error();
  const auto at_index = [](size_t i, const base::Error& e) {
    return base::Error{"cases[" + std::to_string(i) + "]: " + e.message, e.loc, e.kind, e.field};
  };
  std::vector<Prepared> prepared;
  std::set<std::string> activating;
  const int64_t now = base::now_unix_seconds();
  for (size_t i = 0; i < cases.size(); ++i) {
    auto p = prepare(cases[i], now, activating);
    if (!p) return at_index(i, p.error());
    prepared.push_back(std::move(*p));
  }
  auto first = ledger_.append_all([&](uint64_t first_seq) -> base::Result<std::vector<Json>> {
    std::vector<Json> events;
    for (size_t i = 0; i < cases.size(); ++i) {
      const Prepared& p = prepared[i];
      const std::string& version = p.decided.policy_version;
      if (p.activate) events.push_back(policy_activated_event(version, p.jurisdiction, actor));
      const std::string id = case_id_for(first_seq + events.size());
      std::vector<Json> unit;
      unit.push_back(received_event(id, actor, p.record, version));
      unit.push_back(decided_event(id, actor, p.decided));
      for (const Json& step : cases[i].steps) {
        unit.push_back(step);
        unit.back().set("case", id);
      }
      // The same check the store's projection makes, before anything is written.
      Case c;
      for (Json& e : unit) {
        if (auto s = apply_event_to(c, first_seq + events.size(), e, KeepEntry::No); !s) {
          return at_index(i, s.error());
        }
        events.push_back(std::move(e));
      }
    }
    return events;
  });
  if (!first) return first.error();
  std::lock_guard lk(versions_mu_);
  known_versions_.insert(activating.begin(), activating.end());
  return *first;
}

// One step on one case: checks the entry against the case, then appends it.
base::Result<Case> CaseWorkflow::step(const std::string& case_id, const Actor& actor,
                                      const std::function<Json()>& make_event) {
  if (auto s = check_actor(actor); !s) return s.error();
  std::lock_guard case_lock(lock_for("case\n" + case_id));
  if (auto s = catch_up(); !s) return s.error();
  auto found = store_.find(case_id);
  if (!found) return found.error();
  if (!*found) return no_case(case_id);
  Json event = make_event();
  // The same check the store's projection makes, before anything is written.
  if (auto checked = apply_event(&**found, ledger_.size(), event); !checked) {
    return checked.error();
  }
  auto seq = ledger_.append(std::move(event));
  if (!seq) return seq.error();
  return get(case_id);
}

base::Result<Case> CaseWorkflow::sign_off(const std::string& case_id, Role role,
                                          const std::string& by, bool on_site, const Actor& actor) {
  if (auto s = check_name("by", by); !s) return s.error();
  return step(case_id, actor, [&] { return signed_off_event(case_id, actor, role, by, on_site); });
}

base::Result<Case> CaseWorkflow::override_decision(const std::string& case_id, Role role,
                                                   const std::string& by, const std::string& reason,
                                                   const Actor& actor) {
  if (auto s = check_name("by", by); !s) return s.error();
  if (auto s = base::check_text("reason", reason, base::TextRule{kMaxReasonBytes, true}); !s) {
    return s.error();
  }
  return step(case_id, actor, [&] { return overridden_event(case_id, actor, role, by, reason); });
}

base::Result<Case> CaseWorkflow::record(const std::string& case_id, const DispositionStep& d,
                                        const Actor& actor) {
  if (auto s = check_disposition(d); !s) return s.error();
  return step(case_id, actor, [&] { return disposition_event(case_id, actor, d); });
}

base::Result<Case> CaseWorkflow::close(const std::string& case_id, const Actor& actor) {
  return step(case_id, actor, [&] { return closed_event(case_id, actor); });
}

base::Status CaseWorkflow::applied() const {
  if (!store_behind_.load(std::memory_order_acquire)) return base::Status::Ok();
  std::lock_guard lk(apply_mu_);
  if (!apply_failed_) return base::Status::Ok();
  return base::Error{"the case store could not apply the latest entries: " + apply_failed_->message,
                     {},
                     base::ErrorKind::IO};
}

base::Result<Case> CaseWorkflow::get(const std::string& case_id) {
  if (auto s = applied(); !s) return s.error();
  auto found = store_.find(case_id);
  if (!found) return found.error();
  if (!*found) return no_case(case_id);
  return std::move(**found);
}

}  // namespace trustgate::cases
