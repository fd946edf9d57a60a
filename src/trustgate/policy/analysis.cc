#include "trustgate/policy/analysis.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <unordered_set>

namespace trustgate::policy {

namespace {

// Calls f(situation) for every situation of the vocabulary.
template <class F>
void for_each_situation(const Vocabulary& v, F&& f) {
  const uint32_t fact_combos = uint32_t{1} << v.facts.size();
  Situation s;
  for (size_t i = 0; i < v.instruments.values.size(); ++i) {
    s.instrument = static_cast<uint8_t>(i);
    for (size_t g = 0; g < v.signers.values.size(); ++g) {
      s.signed_by = static_cast<uint8_t>(g);
      for (size_t p = 0; p < v.purposes.values.size(); ++p) {
        s.purpose = static_cast<uint8_t>(p);
        for (size_t r = 0; r < v.requesters.values.size(); ++r) {
          s.requester = static_cast<uint8_t>(r);
          for (int custody = 0; custody < 2; ++custody) {
            s.in_custody = custody != 0;
            for (uint32_t facts = 0; facts < fact_combos; ++facts) {
              s.facts = facts;
              f(s);
            }
          }
        }
      }
    }
  }
}

cedar::Request request_for(const Vocabulary& v, const Situation& s) {
  return cedar::Request{cedar::EntityUid{"Agency", "policy-check"},
                        {},
                        cedar::EntityUid{"FederalRequest", "policy-check"},
                        v.context(s)};
}

using GroupMap = std::map<uint64_t, CellGroup>;

void add_to_group(GroupMap& groups, const Vocabulary& v, const Situation& s, uint8_t action,
                  Compliance before, Compliance after) {
  uint64_t key = action;
  key = key * v.instruments.values.size() + s.instrument;
  key = key * v.signers.values.size() + s.signed_by;
  key = key * v.purposes.values.size() + s.purpose;
  key = key * 16 + static_cast<uint64_t>(before) * 4 + static_cast<uint64_t>(after);
  CellGroup& g = groups[key];
  if (g.cells == 0) {
    g.action = action;
    g.instrument = s.instrument;
    g.signed_by = s.signed_by;
    g.purpose = s.purpose;
    g.before = before;
    g.after = after;
    g.facts.assign(v.facts.size(), 0);
  }
  ++g.cells;
  g.requesters |= uint32_t{1} << s.requester;
  g.custody |= s.in_custody ? 2 : 1;
  for (size_t i = 0; i < v.facts.size(); ++i) g.facts[i] |= ((s.facts >> i) & 1U) ? 2 : 1;
}

std::vector<CellGroup> values_of(GroupMap& m) {
  std::vector<CellGroup> out;
  out.reserve(m.size());
  for (auto& [key, g] : m) out.push_back(std::move(g));
  return out;
}

std::string group_line(const CellGroup& g, const Vocabulary& v) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-24s %-22s %-19s %-29s %6llu cells",
                v.actions[g.action].c_str(), v.instruments.values[g.instrument].c_str(),
                v.signers.values[g.signed_by].c_str(), v.purposes.values[g.purpose].c_str(),
                static_cast<unsigned long long>(g.cells));
  std::string line = buf;
  std::string cond = g.conditions(v);
  if (!cond.empty()) line += "  when " + cond;
  return line;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::string CellGroup::conditions(const Vocabulary& v) const {
  std::vector<std::string> parts;
  uint32_t all = (uint32_t{1} << v.requesters.values.size()) - 1;
  if (requesters != all) {
    std::string r = "requester ";
    for (size_t i = 0; i < v.requesters.values.size(); ++i) {
      if (requesters & (uint32_t{1} << i))
        r += (r.back() == ' ' ? "" : "|") + v.requesters.values[i];
    }
    parts.push_back(r);
  }
  if (custody == 1) parts.push_back("not in custody");
  if (custody == 2) parts.push_back("in custody");
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i] == 1) parts.push_back("no " + v.facts[i]);
    if (facts[i] == 2) parts.push_back(v.facts[i]);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

CheckReport check(const Chain& chain, Date date, const Vocabulary& v) {
  auto start = std::chrono::steady_clock::now();
  const Law& law = chain.at(date);
  CheckReport r;
  r.jurisdiction = chain.jurisdiction;
  r.date = date;
  r.policy_version = law.policy_version;
  r.by_action.assign(v.actions.size(), {0, 0, 0, 0});
  GroupMap conflicts, discretionary, undecided;
  std::unordered_set<const Provision*> deciding;
  std::unordered_set<std::string> errors;
  for_each_situation(v, [&](const Situation& s) {
    cedar::Request request = request_for(v, s);
    for (size_t a = 0; a < v.actions.size(); ++a) {
      auto action = static_cast<uint8_t>(a);
      Outcome o = decide_action(law, action, request);
      ++r.cells;
      ++r.by_action[a][static_cast<size_t>(o.compliance)];
      for (const Provision* p : o.because) deciding.insert(p);
      if (o.compliance == Compliance::Conflict)
        add_to_group(conflicts, v, s, action, o.compliance, o.compliance);
      if (o.compliance == Compliance::Discretionary) {
        add_to_group(discretionary, v, s, action, o.compliance, o.compliance);
      }
      if (o.undetermined || !o.errors.empty())
        add_to_group(undecided, v, s, action, o.compliance, o.compliance);
      for (auto& e : o.errors) {
        if (errors.size() < 20) errors.insert(std::move(e));
      }
    }
  });
  r.conflicts = values_of(conflicts);
  r.discretionary = values_of(discretionary);
  r.undecided = values_of(undecided);
  r.errors.assign(errors.begin(), errors.end());
  for (const Provision* p : law.provisions) {
    if (!deciding.count(p)) r.never_decide.push_back(p);
  }
  r.seconds = seconds_since(start);
  return r;
}

std::string check_to_text(const CheckReport& r, const Vocabulary& v, bool verbose) {
  char buf[256];
  std::string out = "policy check " + r.jurisdiction + " — law in force on " + r.date.to_string() +
                    " (" + r.policy_version + ")\n";
  std::snprintf(buf, sizeof buf, "%llu cells (%llu situations x %zu actions) in %.2f s\n\n",
                static_cast<unsigned long long>(r.cells),
                static_cast<unsigned long long>(v.situation_count()), v.actions.size(), r.seconds);
  out += buf;
  std::snprintf(buf, sizeof buf, "  %-26s %10s %10s %13s %10s\n", "action", "required",
                "prohibited", "discretionary", "conflict");
  out += buf;
  for (size_t a = 0; a < v.actions.size(); ++a) {
    const auto& c = r.by_action[a];
    std::snprintf(buf, sizeof buf, "  %-26s %10llu %10llu %13llu %10llu\n", v.actions[a].c_str(),
                  static_cast<unsigned long long>(c[0]), static_cast<unsigned long long>(c[1]),
                  static_cast<unsigned long long>(c[2]), static_cast<unsigned long long>(c[3]));
    out += buf;
  }
  auto section = [&](const char* title, const std::vector<CellGroup>& groups) {
    out += "\n" + std::string(title) + (groups.empty() ? ": none\n" : ":\n");
    for (const CellGroup& g : groups) out += group_line(g, v) + "\n";
  };
  section("Conflicts between layers (refer to counsel)", r.conflicts);
  if (verbose) {
    section("Discretionary cells (a supervisor decides)", r.discretionary);
  } else {
    uint64_t n = 0;
    for (const auto& g : r.discretionary) n += g.cells;
    out += "\nDiscretionary cells: " + std::to_string(n) + " in " +
           std::to_string(r.discretionary.size()) + " groups (--verbose lists them)\n";
  }
  section("Cells the packs cannot decide", r.undecided);
  for (const std::string& e : r.errors) out += "  error: " + e + "\n";
  out += "\nPolicies that decide no cell:" + std::string(r.never_decide.empty() ? " none\n" : "\n");
  for (const Provision* p : r.never_decide)
    out += "  " + p->id + " (" + p->pack + "/" + p->file + ")\n";
  return out;
}

DiffReport diff(const Law& before, const Law& after, const Vocabulary& v) {
  auto start = std::chrono::steady_clock::now();
  DiffReport r;
  r.before_version = before.policy_version;
  r.after_version = after.policy_version;
  GroupMap changes;
  for_each_situation(v, [&](const Situation& s) {
    cedar::Request request = request_for(v, s);
    for (size_t a = 0; a < v.actions.size(); ++a) {
      auto action = static_cast<uint8_t>(a);
      Compliance old_c = decide_action(before, action, request).compliance;
      Compliance new_c = decide_action(after, action, request).compliance;
      ++r.cells;
      if (old_c == new_c) continue;
      ++r.changed;
      add_to_group(changes, v, s, action, old_c, new_c);
    }
  });
  r.changes = values_of(changes);
  r.seconds = seconds_since(start);
  return r;
}

std::string diff_to_text(const DiffReport& r, const Vocabulary& v) {
  char buf[256];
  std::string out = "policy diff " + r.before_name + " -> " + r.after_name +
                    "\n  before: " + r.before_version + "\n  after:  " + r.after_version + "\n";
  std::snprintf(buf, sizeof buf, "%llu of %llu cells change (%.2f s)\n",
                static_cast<unsigned long long>(r.changed),
                static_cast<unsigned long long>(r.cells), r.seconds);
  out += buf;
  if (r.changes.empty()) return out + "\nNo outcome changes.\n";
  std::snprintf(buf, sizeof buf, "\n  %-24s %-22s %-19s %-29s %12s  %s\n", "action", "instrument",
                "signed_by", "purpose", "", "before -> after");
  out += buf;
  for (const CellGroup& g : r.changes) {
    std::string line = group_line(g, v);
    std::string cond;
    if (size_t pos = line.find("  when "); pos != std::string::npos) {
      cond = line.substr(pos);
      line.resize(pos);
    }
    out += line + "  " + std::string(compliance_name(g.before)) + " -> " +
           std::string(compliance_name(g.after)) + cond + "\n";
  }
  return out;
}

}  // namespace trustgate::policy
