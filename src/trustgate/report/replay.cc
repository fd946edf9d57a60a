#include "trustgate/report/replay.h"

#include <simdjson.h>
#include <string.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "base/storage.h"
#include "trustgate/cases/case.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/cases/events.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/received_at.h"
#include "trustgate/policy/request.h"
#include "trustgate/report/history.h"

namespace trustgate::report {

namespace {

namespace od = simdjson::ondemand;
namespace fs = std::filesystem;

// An outcome signature: per outcome, action, compliance, response and
// grounds separated by kField, each outcome ended by kOutcome. Two
// decisions have equal signatures exactly when replay calls them identical.
constexpr char kField = '\x1f', kOutcome = '\x1e';

void add(std::string& list, std::string_view item, char sep) {
  if (!list.empty()) list += sep;
  list.append(item);
}

// grounds: "because P1,P2; obligations O1,O2", then "; errors E1|E2" when any.
void append_outcome(std::string& sig, std::string_view action, std::string_view compliance,
                    std::string_view response, std::string_view because,
                    std::string_view obligations, std::string_view errors) {
  sig.append(action).append(1, kField).append(compliance).append(1, kField).append(response);
  sig.append(1, kField).append("because ").append(because).append("; obligations ");
  sig.append(obligations);
  if (!errors.empty()) sig.append("; errors ").append(errors);
  sig.append(1, kOutcome);
}

std::vector<ComparedOutcome> decode(std::string_view sig) {
  std::vector<ComparedOutcome> out;
  while (!sig.empty()) {
    const size_t end = sig.find(kOutcome);
    std::string_view o = sig.substr(0, end);
    sig.remove_prefix(end == std::string_view::npos ? sig.size() : end + 1);
    ComparedOutcome c;
    std::string* fields[] = {&c.action, &c.compliance, &c.response, &c.grounds};
    for (std::string* f : fields) {
      const size_t cut = o.find(kField);
      *f = o.substr(0, cut);
      o.remove_prefix(cut == std::string_view::npos ? o.size() : cut + 1);
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Appends the strings of an array (or the `member` of each object in it) to `list`.
simdjson::error_code strings(od::value v, std::string& list, char sep, const char* member) {
  od::array items;
  if (auto e = v.get_array().get(items)) return e;
  for (auto item : items) {
    std::string_view s;
    if (member) {
      od::object o;
      if (auto e = item.get_object().get(o)) return e;
      if (auto e = o.find_field_unordered(member).get_string().get(s)) return e;
    } else if (auto e = item.get_string().get(s)) {
      return e;
    }
    add(list, s, sep);
  }
  return simdjson::SUCCESS;
}

simdjson::error_code read_outcomes(od::object decision, std::string& sig) {
  std::string action, compliance, response, because, obligations, errors;
  for (auto field : decision) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    if (key != "outcomes") continue;
    od::array list;
    if (auto e = field.value().get_array().get(list)) return e;
    for (auto item : list) {
      od::object o;
      if (auto e = item.get_object().get(o)) return e;
      action.clear(), compliance.clear(), response.clear();
      because.clear(), obligations.clear(), errors.clear();
      for (auto f : o) {
        std::string_view k, s;
        if (auto e = f.unescaped_key().get(k)) return e;
        simdjson::error_code e = simdjson::SUCCESS;
        if (k == "action" || k == "compliance" || k == "response") {
          e = f.value().get_string().get(s);
          (k == "action" ? action : k == "compliance" ? compliance : response) = s;
        } else if (k == "because") {
          e = strings(f.value(), because, ',', "policy");
        } else if (k == "obligations") {
          e = strings(f.value(), obligations, ',', nullptr);
        } else if (k == "errors") {
          e = strings(f.value(), errors, '|', nullptr);
        }
        if (e) return e;
      }
      append_outcome(sig, action, compliance, response, because, obligations, errors);
    }
  }
  return simdjson::SUCCESS;
}

std::string signature_of(const policy::Decision& d, const policy::Vocabulary& v) {
  std::string sig, because, obligations, errors;
  for (const policy::Outcome& o : d.outcomes) {
    because.clear(), obligations.clear(), errors.clear();
    for (const policy::Provision* p : o.because) add(because, p->id, ',');
    for (std::string_view ob : o.obligations) add(obligations, ob, ',');
    for (const std::string& e : o.errors) add(errors, e, '|');
    append_outcome(sig, v.actions[o.action], policy::compliance_name(o.compliance),
                   policy::response_name(o.compliance), because, obligations, errors);
  }
  return sig;
}

bool case_seq_of(std::string_view id, uint64_t& seq) {
  if (id.size() < 3 || id[0] != 'C' || id[1] != '-') return false;
  seq = 0;
  for (char c : id.substr(2)) {
    if (c < '0' || c > '9') return false;
    seq = seq * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// A received entry and, once read, its decision: one case to replay.
struct Job {
  uint64_t seq = 0;
  std::string_view view;  // the request's JSON as recorded, in the chunk being read
  std::string owned;      // or a copy, for a job kept beyond its chunk
  std::string version, jurisdiction, received_at;
  int32_t received_day = 0;
  std::string recorded;  // the recorded outcomes' signature
  std::string_view request() const { return owned.empty() ? view : std::string_view(owned); }
  // A job kept beyond its chunk owns its request text.
  void own() {
    owned.assign(view);
    view = {};
  }
};

enum class EntryKind : uint8_t { Other, Received, Decided };

// Whether an entry may be a received or a decided one. Entries are
// canonical JSON (no white space, quotes inside strings escaped), so such an
// entry holds one of these texts; the rest (dispositions, sign-offs, ...)
// are skipped before any parse. Another entry holding one is parsed and
// found Other.
bool may_be_a_case(std::string_view line) {
  static constexpr std::string_view kEvent = R"("event":")";
  const char* at = line.data();
  const char* const end = line.data() + line.size();
  while (const void* hit =
             memmem(at, static_cast<size_t>(end - at), kEvent.data(), kEvent.size())) {
    const std::string_view rest(
        static_cast<const char*>(hit) + kEvent.size(),
        static_cast<size_t>(end - static_cast<const char*>(hit)) - kEvent.size());
    if (rest.starts_with("received\"") || rest.starts_with("decided\"")) return true;
    at = rest.data();
  }
  return false;
}

// Reads one entry into `job` (received: the request and its particulars;
// decided: the signature). Returns a problem, or "".
std::string parse_entry(od::parser& parser, std::string_view line, EntryKind& kind, Job& job) {
  od::document doc;
  od::object obj;
  kind = EntryKind::Other;
  if (parser.iterate(line.data(), line.size(), line.size() + ledger::kEntryPadding).get(doc) ||
      doc.get_object().get(obj)) {
    return "not a JSON object";
  }
  std::string_view event, case_id;
  for (auto field : obj) {
    std::string_view key, s;
    if (field.unescaped_key().get(key)) return "unreadable member";
    simdjson::error_code e = simdjson::SUCCESS;
    if (key == "event") {
      e = field.value().get_string().get(event);
      if (!e && cases::is_caseless_event(event)) return "";  // not about a case
    } else if (key == "case") {
      e = field.value().get_string().get(case_id);
    } else if (key == "policy_version" || key == "jurisdiction" || key == "received_at") {
      e = field.value().get_string().get(s);
      (key == "policy_version" ? job.version
       : key == "jurisdiction" ? job.jurisdiction
                               : job.received_at) = s;
    } else if (key == "request") {
      od::object request;
      e = field.value().get_object().get(request);
      if (!e) e = request.raw_json().get(job.view);  // a view into `line`
    } else if (key == "decision") {
      od::object decision;
      e = field.value().get_object().get(decision);
      if (!e) e = read_outcomes(decision, job.recorded);
    }
    if (e) return "member \"" + std::string(key) + "\": " + simdjson::error_message(e);
  }
  if (event == "received" || event == "decided") {
    if (!case_seq_of(case_id, job.seq)) return "no case id";
    kind = event == "received" ? EntryKind::Received : EntryKind::Decided;
  }
  if (kind == EntryKind::Received) {
    if (auto t = cases::parse_instant(job.received_at)) {
      job.received_day = When{t->unix, t->offset}.day();
    }
  }
  return "";
}

// Laws by policy version, loaded once from the archive.
class Laws {
 public:
  explicit Laws(const cases::LawArchive& archive) : archive_(archive) {}
  base::Result<std::shared_ptr<const policy::Library>> get(const std::string& version) {
    std::lock_guard lk(mu_);
    auto it = laws_.find(version);
    if (it != laws_.end()) return it->second;
    auto lib = archive_.load(version);
    if (!lib) return lib.error();
    laws_.emplace(version, *lib);
    return *lib;
  }
  size_t size() {
    std::lock_guard lk(mu_);
    return laws_.size();
  }

 private:
  const cases::LawArchive& archive_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const policy::Library>> laws_;
};

// Whether an expression reads `var`.
bool reads(const cedar::ExprPtr& e, cedar::Var var) {
  if (!e) return false;
  if (e->kind == cedar::Expr::Kind::Variable && e->var == var) return true;
  return std::any_of(e->args.begin(), e->args.end(),
                     [&](const cedar::ExprPtr& a) { return reads(a, var); });
}

bool law_reads_resource(const policy::Law& law) {
  for (const auto* questions : {&law.do_questions, &law.refuse_questions}) {
    for (const policy::CompiledQuestion& q : *questions) {
      for (const auto* list : {&q.forbids, &q.permits}) {
        for (const policy::CompiledPolicy& p : *list) {
          if (reads(p.condition, cedar::Var::Resource)) return true;
        }
      }
    }
  }
  return false;
}

// The replayed outcomes' signatures by what decides them (ReplayOptions::
// reuse_decisions): one worker's, so no lock.
class DecisionMemo {
 public:
  // The signature of `request`'s outcomes under d's law (d from
  // policy::applicable_law), decided now unless an equal request was.
  const std::string& outcomes(policy::Decision& d, const policy::Library& library,
                              const policy::DecisionRequest& request, bool reuse) {
    if (!reuse) {
      ++decisions_;
      policy::decide_under(d, library, request);
      fresh_ = signature_of(d, library.vocabulary());
      return fresh_;
    }
    key_.assign(reinterpret_cast<const char*>(&d.law), sizeof d.law);
    key_.append(reinterpret_cast<const char*>(&d.agency), sizeof d.agency);
    key_.append(request.receiving_agency).push_back('\0');
    const policy::Situation& s = request.situation;
    const uint8_t fixed[] = {s.instrument,
                             s.signed_by,
                             s.purpose,
                             s.requester,
                             static_cast<uint8_t>(s.in_custody),
                             static_cast<uint8_t>(s.facts),
                             static_cast<uint8_t>(s.facts >> 8),
                             static_cast<uint8_t>(s.facts >> 16),
                             static_cast<uint8_t>(s.facts >> 24),
                             s.agency_kind,
                             s.interview_mode};
    key_.append(reinterpret_cast<const char*>(fixed), sizeof fixed);
    key_.append(reinterpret_cast<const char*>(s.convictions.data()), s.convictions.size());
    key_.append(reinterpret_cast<const char*>(request.actions.data()), request.actions.size());
    if (reads_resource(*d.law)) key_.append(1, '\0').append(request.id);
    auto it = memo_.find(key_);
    if (it != memo_.end()) return it->second;
    ++decisions_;
    policy::decide_under(d, library, request);
    if (memo_.size() >= kMaxKept) memo_.clear();
    return memo_.emplace(key_, signature_of(d, library.vocabulary())).first->second;
  }
  uint64_t take_decisions() { return std::exchange(decisions_, 0); }

 private:
  static constexpr size_t kMaxKept = size_t{1} << 20;
  bool reads_resource(const policy::Law& law) {
    auto it = reads_resource_.find(&law);
    if (it == reads_resource_.end())
      it = reads_resource_.emplace(&law, law_reads_resource(law)).first;
    return it->second;
  }
  std::string key_, fresh_;
  std::unordered_map<std::string, std::string> memo_;
  std::unordered_map<const policy::Law*, bool> reads_resource_;
  uint64_t decisions_ = 0;
};

// Recorded requests parsed once per distinct text but for received_at:
// parse_request() is a function of the text, and received_at is applied
// alone (policy/received_at.h). Only parses that succeed are kept; in one
// of them the first `"received_at":"` is the top-level member (no other
// member may hold that key, and a string's quotes are escaped), so two
// texts equal but for the value at that offset differ in received_at only.
// One worker's, so no lock.
class RequestMemo {
 public:
  base::Result<const policy::DecisionRequest*> parse(std::string_view text,
                                                     std::string_view received_at,
                                                     const policy::Library& library, bool reuse) {
    static constexpr std::string_view kMember = R"("received_at":")";
    const size_t member = text.find(kMember);
    const size_t value = member == std::string_view::npos ? 0 : member + kMember.size();
    const bool keyed = reuse && member != std::string_view::npos &&
                       value + received_at.size() < text.size() &&
                       text.substr(value, received_at.size()) == received_at &&
                       text.substr(value + received_at.size(), 1) == "\"";
    if (!keyed) {
      auto parsed = policy::parse_request(text, library.vocabulary());
      if (!parsed) return parsed.error();
      fresh_ = std::move(*parsed);
      return &fresh_;
    }
    const policy::Library* lib = &library;
    key_.assign(reinterpret_cast<const char*>(&lib), sizeof lib);
    key_.append(reinterpret_cast<const char*>(&value), sizeof value);
    key_.append(text.substr(0, value)).append(text.substr(value + received_at.size()));
    auto it = parsed_.find(key_);
    if (it != parsed_.end()) {
      if (auto s = policy::set_received_at(it->second, received_at); !s) return s.error();
      return &it->second;
    }
    auto parsed = policy::parse_request(text, library.vocabulary());
    if (!parsed) return parsed.error();
    if (parsed_.size() >= kMaxKept) parsed_.clear();
    return &parsed_.emplace(key_, std::move(*parsed)).first->second;
  }

 private:
  static constexpr size_t kMaxKept = size_t{1} << 16;
  std::string key_;
  policy::DecisionRequest fresh_;
  std::unordered_map<std::string, policy::DecisionRequest> parsed_;
};

// What one worker replayed: counts and differences, merged in case order.
struct Partial {
  ReplayResult counts;
  std::vector<std::pair<uint64_t, ReplayDifference>> differences;
  std::optional<base::Error> error;
  // The worker's last law, so that most cases need no lookup.
  std::string last_version;
  std::shared_ptr<const policy::Library> last_law;
  RequestMemo requests;
  DecisionMemo memo;
};

class Replayer {
 public:
  Replayer(const ReplayOptions& o, Laws& laws) : o_(o), laws_(laws) {}

  bool in_scope(const Job& j) const {
    if (!o_.jurisdiction.empty() && j.jurisdiction != o_.jurisdiction) return false;
    if (o_.from && j.received_day < o_.from->days) return false;
    if (o_.to && j.received_day > o_.to->days) return false;
    return true;
  }

  void run(const Job& job, Partial& p) {
    if (!in_scope(job)) return;
    const policy::Library* law = nullptr;
    if (o_.with) {
      if (!o_.with->chain(job.jurisdiction)) {
        ++p.counts.skipped;
        return;
      }
      law = o_.with.get();
    } else {
      if (job.version != p.last_version || !p.last_law) {
        auto l = laws_.get(job.version);
        if (!l) {
          p.error = l.error();
          return;
        }
        p.last_version = job.version;
        p.last_law = *l;
      }
      law = p.last_law.get();
    }
    ReplayResult& c = p.counts;
    ++c.cases;
    std::string problem, version, replayed;
    auto request = p.requests.parse(job.request(), job.received_at, *law, o_.reuse_decisions);
    if (!request) {
      problem = "the recorded request does not parse under this law: " + request.error().describe();
    } else {
      policy::DecideOptions opts;
      opts.at = o_.at;
      auto decision = policy::applicable_law(*law, **request, opts);
      if (!decision) {
        problem = "cannot be decided: " + decision.error().describe();
      } else {
        version = decision->policy_version;
        replayed = p.memo.outcomes(*decision, *law, **request, o_.reuse_decisions);
      }
    }
    const bool same_outcomes = problem.empty() && replayed == job.recorded;
    const bool what_if = o_.with != nullptr;
    if (same_outcomes && (what_if || version == job.version)) {
      ++c.identical;
      count_outcomes(job, c);
      return;
    }
    std::vector<ComparedOutcome> before = decode(job.recorded), after = decode(replayed);
    c.outcomes += before.size();
    bool changed = !problem.empty() || before.size() != after.size();
    for (size_t i = 0; !changed && i < before.size(); ++i) {
      changed = before[i].action != after[i].action ||
                before[i].compliance != after[i].compliance ||
                before[i].response != after[i].response;
    }
    if (before.size() == after.size()) {
      for (size_t i = 0; i < before.size(); ++i) {
        if (before[i].compliance != after[i].compliance) {
          ++c.by_change[{before[i].action, before[i].compliance, after[i].compliance}];
        }
      }
    }
    if (what_if && !changed) {
      ++c.grounds_only;
      return;
    }
    ++c.changed;
    if (p.differences.size() < o_.max_listed) {
      ReplayDifference d{
          cases::case_id_for(job.seq), job.jurisdiction, job.received_at, job.version, version,
          std::move(before),           std::move(after), problem};
      p.differences.emplace_back(job.seq, std::move(d));
    }
  }

 private:
  static void count_outcomes(const Job& job, ReplayResult& c) {
    c.outcomes +=
        static_cast<uint64_t>(std::count(job.recorded.begin(), job.recorded.end(), kOutcome));
  }
  const ReplayOptions& o_;
  Laws& laws_;
};

void merge(ReplayResult& into, Partial& p,
           std::vector<std::pair<uint64_t, ReplayDifference>>& diffs) {
  const ReplayResult& c = p.counts;
  into.cases += c.cases;
  into.outcomes += c.outcomes;
  into.identical += c.identical;
  into.changed += c.changed;
  into.grounds_only += c.grounds_only;
  into.skipped += c.skipped;
  into.decisions += p.memo.take_decisions();
  for (const auto& [k, n] : c.by_change) into.by_change[k] += n;
  for (auto& d : p.differences) diffs.push_back(std::move(d));
  p.counts = ReplayResult{};
  p.differences.clear();
}

}  // namespace

base::Result<ReplayResult> replay(const ledger::LogSource& log,
                                  const ledger::SignedCheckpoint& checkpoint,
                                  const cases::LawArchive& archive, const ReplayOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  const unsigned threads =
      o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  ReplayResult result;
  result.what_if = o.with != nullptr;
  result.law = result.what_if ? o.with_name : "the law that decided each case";
  result.checkpoint = checkpoint;
  Laws laws(archive);
  Replayer replayer(o, laws);
  std::vector<od::parser> parsers(threads);
  std::vector<Partial> partials(threads);
  std::vector<std::string> problems(threads);
  // Received entries whose decision is not in the same worker's part: paired
  // after the part, in seq order.
  std::vector<std::vector<std::pair<EntryKind, Job>>> loose(threads);
  std::unordered_map<uint64_t, Job> pending;
  std::vector<std::pair<uint64_t, ReplayDifference>> diffs;
  Partial sequential;
  auto status = ledger::read_entries(
      log, checkpoint.checkpoint,
      [&](uint64_t first_seq, std::span<const std::string_view> lines) -> base::Status {
        ledger::parallel_parts(lines.size(), threads, 512, [&](size_t b, size_t e, unsigned k) {
          problems[k].clear();
          loose[k].clear();
          Job job, next;
          EntryKind kind = EntryKind::Other, next_kind = EntryKind::Other;
          for (size_t i = b; i < e; ++i) {
            if (!may_be_a_case(lines[i])) continue;
            job = Job{};
            if (std::string p = parse_entry(parsers[k], lines[i], kind, job); !p.empty()) {
              problems[k] = "ledger entry " + std::to_string(first_seq + i) + ": " + p;
              return;
            }
            if (kind == EntryKind::Other) continue;
            if (kind == EntryKind::Received && i + 1 < e && may_be_a_case(lines[i + 1])) {
              // A submission's decision follows its received entry.
              next = Job{};
              std::string p = parse_entry(parsers[k], lines[i + 1], next_kind, next);
              if (p.empty() && next_kind == EntryKind::Decided && next.seq == job.seq) {
                job.recorded = std::move(next.recorded);
                replayer.run(job, partials[k]);
                ++i;
                continue;
              }
            }
            if (kind == EntryKind::Received) job.own();
            loose[k].emplace_back(kind, std::move(job));
          }
        });
        for (unsigned k = 0; k < threads; ++k) {
          if (!problems[k].empty()) return base::corruption(problems[k]);
          if (partials[k].error) return *partials[k].error;
          merge(result, partials[k], diffs);
        }
        // Entries parted from their pair, in order: received ones wait for their decision.
        for (unsigned k = 0; k < threads; ++k) {
          for (auto& [kind, j] : loose[k]) {
            if (kind == EntryKind::Received) {
              const uint64_t seq = j.seq;
              pending.insert_or_assign(seq, std::move(j));
              continue;
            }
            auto it = pending.find(j.seq);
            if (it == pending.end()) continue;  // decided twice: the projection refuses it
            it->second.recorded = std::move(j.recorded);
            replayer.run(it->second, sequential);
            pending.erase(it);
          }
        }
        if (sequential.error) return *sequential.error;
        merge(result, sequential, diffs);
        if (o.progress) o.progress(first_seq + lines.size(), checkpoint.checkpoint.size);
        return base::Status::Ok();
      });
  if (!status) return status.error();
  std::stable_sort(diffs.begin(), diffs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, d] : diffs) {
    if (result.differences.size() >= o.max_listed) break;
    result.differences.push_back(std::move(d));
  }
  result.versions = o.with ? 1 : laws.size();
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

namespace {

std::string outcome_text(const std::vector<ComparedOutcome>& v) {
  std::string out;
  for (const ComparedOutcome& o : v) {
    out += (out.empty() ? "" : "; ") + o.action + " " + o.compliance + " (" + o.response + ")";
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace

std::string replay_to_text(const ReplayResult& r) {
  std::string out;
  const auto& cp = r.checkpoint.checkpoint;
  out += "replayed " + std::to_string(r.cases) + " cases (" + std::to_string(r.outcomes) +
         " decided actions) from the first " + std::to_string(cp.size) + " entries of " +
         cp.origin + ", under " + r.law + " (" + std::to_string(r.versions) + " version" +
         (r.versions == 1 ? "" : "s") + " of the law)\n";
  if (!r.what_if) {
    if (r.reproducible()) {
      out += "history is reproducible: every outcome is identical (" + std::to_string(r.identical) +
             " of " + std::to_string(r.cases) + " cases)\n";
    } else {
      out += "HISTORY IS NOT REPRODUCIBLE: " + std::to_string(r.cases - r.identical) +
             " cases decide differently now\n";
    }
  } else {
    out += std::to_string(r.changed) + " cases would change, " + std::to_string(r.grounds_only) +
           " would keep their outcomes on other grounds, " +
           std::to_string(r.cases - r.changed - r.grounds_only) + " are unchanged";
    if (r.skipped)
      out += "; " + std::to_string(r.skipped) + " cases of other jurisdictions skipped";
    out += "\n";
  }
  if (!r.by_change.empty()) {
    out += "changes by action (recorded -> replayed compliance):\n";
    for (const auto& [key, n] : r.by_change) {
      const auto& [action, before, after] = key;
      out += "  " + action + ": " + before + " -> " + after + "  " + std::to_string(n) + "\n";
    }
  }
  if (!r.differences.empty()) out += "cases:\n";
  for (const ReplayDifference& d : r.differences) {
    out += "  " + d.case_id + "  " + d.jurisdiction + "  received " + d.received_at + "\n";
    if (!d.problem.empty()) {
      out += "    " + d.problem + "\n";
      continue;
    }
    out += "    recorded: " + outcome_text(d.recorded) + "\n";
    out += "    replayed: " + outcome_text(d.replayed) + "\n";
    if (!r.what_if && d.recorded_version != d.replayed_version) {
      out += "    law: recorded " + d.recorded_version + ", replayed " + d.replayed_version + "\n";
    }
  }
  const uint64_t differing = r.what_if ? r.changed : r.cases - r.identical;
  if (differing > r.differences.size()) {
    out += "  (" + std::to_string(differing - r.differences.size()) + " more not listed)\n";
  }
  return out;
}

common::Json replay_to_json(const ReplayResult& r) {
  using common::Json;
  Json j = Json::object();
  j.set("what_if", r.what_if);
  j.set("law", r.law);
  j.set("checkpoint", r.checkpoint.note.to_string());
  j.set("cases", r.cases);
  j.set("outcomes", r.outcomes);
  j.set("identical", r.identical);
  j.set("changed", r.changed);
  j.set("grounds_only", r.grounds_only);
  j.set("skipped", r.skipped);
  j.set("versions", r.versions);
  j.set("reproducible", r.reproducible());
  Json& changes = j.set("by_change", Json::array());
  for (const auto& [key, n] : r.by_change) {
    Json c = Json::object();
    c.set("action", std::get<0>(key));
    c.set("recorded", std::get<1>(key));
    c.set("replayed", std::get<2>(key));
    c.set("outcomes", n);
    changes.push(std::move(c));
  }
  auto outcomes = [](const std::vector<ComparedOutcome>& v) {
    Json a = Json::array();
    for (const ComparedOutcome& o : v) {
      Json x = Json::object();
      x.set("action", o.action);
      x.set("compliance", o.compliance);
      x.set("response", o.response);
      x.set("grounds", o.grounds);
      a.push(std::move(x));
    }
    return a;
  };
  Json& list = j.set("differences", Json::array());
  for (const ReplayDifference& d : r.differences) {
    Json x = Json::object();
    x.set("case", d.case_id);
    x.set("jurisdiction", d.jurisdiction);
    x.set("received_at", d.received_at);
    x.set("recorded_version", d.recorded_version);
    x.set("replayed_version", d.replayed_version);
    x.set("recorded", outcomes(d.recorded));
    x.set("replayed", outcomes(d.replayed));
    if (!d.problem.empty()) x.set("problem", d.problem);
    list.push(std::move(x));
  }
  return j;
}

}  // namespace trustgate::report
