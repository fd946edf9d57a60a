#include "trustgate/report/replay.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/storage.h"
#include "trustgate/cases/case.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/ledger/reader.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/request.h"
#include "trustgate/report/history.h"

namespace trustgate::report {

namespace {

namespace od = simdjson::ondemand;
namespace fs = std::filesystem;

// A received entry waiting for its decision, then a case to replay.
struct Job {
  uint64_t seq = 0;
  std::string request;  // the request's JSON, as recorded
  std::string version, jurisdiction, received_at;
  int32_t received_day = 0;
  std::vector<ComparedOutcome> recorded;
  bool decided = false;
};

struct Outcome {
  bool same = true, changed = false, grounds_only = false;
  ReplayDifference difference;
};

std::string joined(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(1, sep)) + p;
  return out;
}

std::string grounds(const std::vector<std::string>& because, const std::vector<std::string>& ob,
                    const std::vector<std::string>& errors) {
  return "because " + joined(because, ',') + "; obligations " + joined(ob, ',') +
         (errors.empty() ? "" : "; errors " + joined(errors, '|'));
}

simdjson::error_code strings(od::value v, std::vector<std::string>& out, const char* member) {
  od::array list;
  if (auto e = v.get_array().get(list)) return e;
  for (auto item : list) {
    std::string_view s;
    if (member) {
      od::object o;
      if (auto e = item.get_object().get(o)) return e;
      if (auto e = o.find_field_unordered(member).get_string().get(s)) return e;
    } else if (auto e = item.get_string().get(s)) {
      return e;
    }
    out.emplace_back(s);
  }
  return simdjson::SUCCESS;
}

simdjson::error_code read_outcomes(od::object decision, std::vector<ComparedOutcome>& out) {
  for (auto field : decision) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    if (key != "outcomes") continue;
    od::array list;
    if (auto e = field.value().get_array().get(list)) return e;
    for (auto item : list) {
      od::object o;
      if (auto e = item.get_object().get(o)) return e;
      ComparedOutcome c;
      std::vector<std::string> because, obligations, errors;
      for (auto f : o) {
        std::string_view k, s;
        if (auto e = f.unescaped_key().get(k)) return e;
        simdjson::error_code e = simdjson::SUCCESS;
        if (k == "action" || k == "compliance" || k == "response") {
          e = f.value().get_string().get(s);
          (k == "action" ? c.action : k == "compliance" ? c.compliance : c.response) = s;
        } else if (k == "because") {
          e = strings(f.value(), because, "policy");
        } else if (k == "obligations") {
          e = strings(f.value(), obligations, nullptr);
        } else if (k == "errors") {
          e = strings(f.value(), errors, nullptr);
        }
        if (e) return e;
      }
      c.grounds = grounds(because, obligations, errors);
      out.push_back(std::move(c));
    }
  }
  return simdjson::SUCCESS;
}

// One entry: a received entry starts a job, a decided entry completes one.
struct Parsed {
  enum Kind : uint8_t { Skip, Received, Decided } kind = Skip;
  Job job;
};

bool case_seq_of(std::string_view id, uint64_t& seq) {
  if (id.size() < 3 || id[0] != 'C' || id[1] != '-') return false;
  seq = 0;
  for (char c : id.substr(2)) {
    if (c < '0' || c > '9') return false;
    seq = seq * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

std::string parse_entry(od::parser& parser, std::string_view line, Parsed& p) {
  od::document doc;
  od::object obj;
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
    } else if (key == "case") {
      e = field.value().get_string().get(case_id);
    } else if (key == "policy_version" || key == "jurisdiction" || key == "received_at") {
      e = field.value().get_string().get(s);
      (key == "policy_version" ? p.job.version : key == "jurisdiction" ? p.job.jurisdiction
                                                                       : p.job.received_at) = s;
    } else if (key == "request") {
      od::object request;
      e = field.value().get_object().get(request);
      if (!e) e = request.raw_json().get(s);
      p.job.request = s;
    } else if (key == "decision") {
      od::object decision;
      e = field.value().get_object().get(decision);
      if (!e) e = read_outcomes(decision, p.job.recorded);
    }
    if (e) return "member \"" + std::string(key) + "\": " + simdjson::error_message(e);
  }
  if (event == "received" || event == "decided") {
    if (!case_seq_of(case_id, p.job.seq)) return "no case id";
    p.kind = event == "received" ? Parsed::Received : Parsed::Decided;
  }
  return "";
}

std::vector<ComparedOutcome> outcomes_of(const policy::Decision& d, const policy::Vocabulary& v) {
  std::vector<ComparedOutcome> out;
  for (const policy::Outcome& o : d.outcomes) {
    std::vector<std::string> because, obligations(o.obligations.begin(), o.obligations.end());
    for (const policy::Provision* p : o.because) because.push_back(p->id);
    out.push_back(ComparedOutcome{v.actions[o.action], std::string(policy::compliance_name(o.compliance)),
                                  std::string(policy::response_name(o.compliance)),
                                  grounds(because, obligations, o.errors)});
  }
  return out;
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
  size_t size() const { return laws_.size(); }

 private:
  const cases::LawArchive& archive_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const policy::Library>> laws_;
};

Outcome replay_one(const Job& job, const policy::Library& law, const ReplayOptions& o) {
  Outcome out;
  ReplayDifference& d = out.difference;
  d.case_id = cases::case_id_for(job.seq);
  d.jurisdiction = job.jurisdiction;
  d.received_at = job.received_at;
  d.recorded_version = job.version;
  d.recorded = job.recorded;
  auto request = policy::parse_request(job.request, law.vocabulary());
  if (!request) {
    d.problem = "the recorded request does not parse under this law: " + request.error().describe();
    out.same = false;
    out.changed = true;
    return out;
  }
  policy::DecideOptions opts;
  opts.at = o.at;
  auto decision = policy::decide(law, *request, opts);
  if (!decision) {
    d.problem = "cannot be decided: " + decision.error().describe();
    out.same = false;
    out.changed = true;
    return out;
  }
  d.replayed_version = decision->policy_version;
  d.replayed = outcomes_of(*decision, law.vocabulary());
  const bool what_if = o.with != nullptr;
  if (d.recorded.size() != d.replayed.size()) {
    out.same = false;
    out.changed = true;
    return out;
  }
  for (size_t i = 0; i < d.recorded.size(); ++i) {
    const ComparedOutcome &a = d.recorded[i], &b = d.replayed[i];
    if (a.action != b.action || a.compliance != b.compliance || a.response != b.response) {
      out.changed = true;
    } else if (a.grounds != b.grounds) {
      out.grounds_only = true;
    }
  }
  out.same = !out.changed && !out.grounds_only && (what_if || d.recorded_version == d.replayed_version);
  if (!what_if && !out.same) out.changed = true;
  return out;
}

}  // namespace

base::Result<ReplayResult> replay(const fs::path& ledger_dir,
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
  std::unordered_map<uint64_t, Job> pending;  // received, not yet decided
  std::vector<od::parser> parsers(threads);
  std::vector<std::vector<Parsed>> parsed(threads);
  std::vector<std::string> problems(threads);
  std::vector<size_t> starts(threads);
  auto in_scope = [&](const Job& j) {
    if (!o.jurisdiction.empty() && j.jurisdiction != o.jurisdiction) return false;
    if (o.from && j.received_day < o.from->days) return false;
    if (o.to && j.received_day > o.to->days) return false;
    return true;
  };
  auto status = ledger::read_entries(
      ledger_dir, checkpoint.checkpoint,
      [&](uint64_t first_seq, std::span<const std::string_view> lines) -> base::Status {
        std::fill(starts.begin(), starts.end(), lines.size());
        ledger::parallel_parts(lines.size(), threads, 1024, [&](size_t b, size_t e, unsigned k) {
          starts[k] = b;
          parsed[k].assign(e - b, Parsed{});
          problems[k].clear();
          for (size_t i = b; i < e; ++i) {
            std::string problem = parse_entry(parsers[k], lines[i], parsed[k][i - b]);
            if (!problem.empty()) {
              problems[k] = "ledger entry " + std::to_string(first_seq + i) + ": " + problem;
              return;
            }
          }
        });
        std::vector<Job> jobs;
        for (unsigned k = 0; k < threads; ++k) {
          if (!problems[k].empty()) return base::corruption(problems[k]);
          if (starts[k] >= lines.size()) continue;
          for (Parsed& p : parsed[k]) {
            if (p.kind == Parsed::Received) {
              if (auto t = cases::parse_instant(p.job.received_at)) {
                p.job.received_day = When{t->unix, t->offset}.day();
              }
              pending.emplace(p.job.seq, std::move(p.job));
            } else if (p.kind == Parsed::Decided) {
              auto it = pending.find(p.job.seq);
              if (it == pending.end()) continue;  // decided twice: the projection refuses it
              Job job = std::move(it->second);
              pending.erase(it);
              job.recorded = std::move(p.job.recorded);
              if (in_scope(job)) jobs.push_back(std::move(job));
            }
          }
        }
        // The law of each job, loaded before the workers start.
        std::vector<std::shared_ptr<const policy::Library>> law(jobs.size());
        for (size_t i = 0; i < jobs.size(); ++i) {
          if (o.with) {
            law[i] = o.with->chain(jobs[i].jurisdiction) ? o.with : nullptr;
            continue;
          }
          auto l = laws.get(jobs[i].version);
          if (!l) return l.error();
          law[i] = *l;
        }
        std::vector<Outcome> outcomes(jobs.size());
        ledger::parallel_parts(jobs.size(), threads, 64, [&](size_t b, size_t e, unsigned) {
          for (size_t i = b; i < e; ++i) {
            if (law[i]) outcomes[i] = replay_one(jobs[i], *law[i], o);
          }
        });
        for (size_t i = 0; i < jobs.size(); ++i) {
          if (!law[i]) {
            ++result.skipped;
            continue;
          }
          Outcome& out = outcomes[i];
          ++result.cases;
          result.outcomes += jobs[i].recorded.size();
          result.identical += out.same;
          result.changed += out.changed;
          result.grounds_only += !out.changed && out.grounds_only;
          const ReplayDifference& d = out.difference;
          if (d.recorded.size() == d.replayed.size()) {
            for (size_t k = 0; k < d.recorded.size(); ++k) {
              if (d.recorded[k].compliance != d.replayed[k].compliance) {
                ++result.by_change[{d.recorded[k].action, d.recorded[k].compliance,
                                    d.replayed[k].compliance}];
              }
            }
          }
          if (!out.same && (out.changed || !result.what_if) &&
              result.differences.size() < o.max_listed) {
            result.differences.push_back(std::move(out.difference));
          }
        }
        if (o.progress) o.progress(first_seq + lines.size(), checkpoint.checkpoint.size);
        return base::Status::Ok();
      });
  if (!status) return status.error();
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
    if (r.skipped) out += "; " + std::to_string(r.skipped) + " cases of other jurisdictions skipped";
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

base::Result<std::shared_ptr<const policy::Library>> open_draft_law(const fs::path& policies,
                                                                    const fs::path& draft,
                                                                    const fs::path& scratch) {
  base::Storage& storage = base::posix_storage();
  std::error_code ec;
  if (fs::exists(draft / "schema.cedarschema", ec)) {
    auto lib = policy::Library::open(draft);
    if (!lib) return base::Error{draft.string() + ": " + lib.error().describe()};
    return *lib;
  }
  if (!fs::exists(draft / "pack.json", ec)) {
    return base::invalid_field("--with", draft.string() +
                                             " is neither a policies folder (schema.cedarschema) "
                                             "nor a pack folder (pack.json)");
  }
  const auto law_files = [&](const fs::path& dir) -> base::Result<std::vector<std::string>> {
    auto names = storage.list_dir(dir);
    if (!names) return names.error();
    std::vector<std::string> out;
    for (const std::string& n : *names) {
      if (n == "pack.json" || n == "schema.cedarschema" || (n.size() > 6 && n.ends_with(".cedar"))) {
        out.push_back(n);
      }
    }
    return out;
  };
  if (auto s = cases::copy_files(storage, policies, scratch, {"schema.cedarschema"}); !s) {
    return s.error();
  }
  const std::string replaced = fs::absolute(draft).lexically_normal().filename().string();
  auto names = storage.list_dir(policies);
  if (!names) return names.error();
  for (const std::string& n : *names) {
    if (n == replaced || !fs::exists(policies / n / "pack.json", ec)) continue;
    auto files = law_files(policies / n);
    if (!files) return files.error();
    if (auto s = cases::copy_files(storage, policies / n, scratch / n, *files); !s) return s.error();
  }
  auto files = law_files(draft);
  if (!files) return files.error();
  if (auto s = cases::copy_files(storage, draft, scratch / replaced, *files); !s) return s.error();
  auto lib = policy::Library::open(scratch);
  if (!lib) return base::Error{"the draft " + draft.string() + ": " + lib.error().describe()};
  return *lib;
}

}  // namespace trustgate::report
