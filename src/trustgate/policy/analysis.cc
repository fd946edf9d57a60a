#include "trustgate/policy/analysis.h"

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

namespace trustgate::policy {

namespace {

// ---- Which parts of the context the policies in force read ----------------

// How the compiled conditions use each context path ("requester",
// "facts.written_consent", "subject.convictions.misdemeanor", ...).
struct Usage {
  bool all_opaque = false;           // the context is used whole somewhere
  std::set<std::string> referenced;  // paths read at all
  std::set<std::string> opaque;      // paths read other than against literals
  // Paths compared only with literals: the literal entity ids of each use.
  std::map<std::string, std::vector<std::vector<std::string>>> literal_sets;
};

// "a.b" for the expression context.a.b, else nullopt.
std::optional<std::string> context_path(const cedar::Expr& e) {
  std::vector<const std::string*> names;
  const cedar::Expr* cur = &e;
  while (cur->kind == cedar::Expr::Kind::GetAttr && !cur->args.empty()) {
    names.push_back(&cur->name);
    cur = cur->args[0].get();
  }
  if (names.empty() || cur->kind != cedar::Expr::Kind::Variable || cur->var != cedar::Var::Context)
    return std::nullopt;
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) path += (path.empty() ? "" : ".") + **it;
  return path;
}

void add_entity_id(const cedar::Value& v, std::vector<std::string>& out, bool& ok) {
  if (v.is_entity()) {
    out.push_back(v.as_entity().id);
  } else {
    ok = false;
  }
}

// The entity ids of an entity literal or a set of entity literals.
std::optional<std::vector<std::string>> literal_ids(const cedar::Expr& e) {
  std::vector<std::string> ids;
  bool ok = true;
  if (e.kind == cedar::Expr::Kind::Literal) {
    if (e.value.is_set()) {
      for (const cedar::Value& v : e.value.as_set()) add_entity_id(v, ids, ok);
    } else {
      add_entity_id(e.value, ids, ok);
    }
  } else if (e.kind == cedar::Expr::Kind::Set) {
    for (const auto& a : e.args) {
      if (!a || a->kind != cedar::Expr::Kind::Literal) return std::nullopt;
      add_entity_id(a->value, ids, ok);
    }
  } else {
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return ids;
}

void visit(const cedar::Expr& e, Usage& u) {
  if (e.kind == cedar::Expr::Kind::Binary &&
      (e.binary_op == cedar::BinaryOp::Eq || e.binary_op == cedar::BinaryOp::NotEq ||
       e.binary_op == cedar::BinaryOp::In) &&
      e.args.size() == 2) {
    for (int side = 0; side < 2; ++side) {
      if (e.binary_op == cedar::BinaryOp::In && side == 1) break;  // `x in context.p` is opaque
      auto path = context_path(*e.args[side]);
      auto lits = path ? literal_ids(*e.args[1 - side]) : std::nullopt;
      if (path && lits) {
        u.referenced.insert(*path);
        u.literal_sets[*path].push_back(std::move(*lits));
        return;
      }
    }
  }
  if (auto path = context_path(e)) {
    u.referenced.insert(*path);
    u.opaque.insert(*path);
    return;
  }
  if (e.kind == cedar::Expr::Kind::Variable && e.var == cedar::Var::Context) {
    u.all_opaque = true;
    return;
  }
  for (const auto& a : e.args) {
    if (a) visit(*a, u);
  }
}

// The paths read by the policies of one action's two questions.
void collect(const Law& law, uint8_t action, Usage& u) {
  for (const CompiledQuestion* q : {&law.do_questions[action], &law.refuse_questions[action]}) {
    for (const auto* list : {&q->forbids, &q->permits}) {
      for (const CompiledPolicy& p : *list) visit(*p.condition, u);
    }
  }
}

// ---- Classes of values and the axes of the space --------------------------

struct ValueClass {
  uint8_t rep = 0;       // the value decided for the class
  uint64_t weight = 1;   // how many values it stands for
  uint32_t members = 0;  // bit per value
};

std::vector<ValueClass> each_value(size_t n) {
  std::vector<ValueClass> out;
  for (size_t i = 0; i < n; ++i) out.push_back({static_cast<uint8_t>(i), 1, uint32_t{1} << i});
  return out;
}

std::vector<ValueClass> enum_classes(const Usage& u, const std::string& path, const Terms& t) {
  size_t n = t.values.size();
  if (u.all_opaque || u.opaque.count(path) || n > 32) return each_value(n);
  auto it = u.literal_sets.find(path);
  if (it == u.literal_sets.end()) return {{0, n, (n == 32 ? ~0U : (1U << n) - 1)}};
  if (it->second.size() > 64) return each_value(n);
  std::map<uint64_t, ValueClass> by_signature;
  for (size_t v = 0; v < n; ++v) {
    uint64_t sig = 0;
    for (size_t s = 0; s < it->second.size(); ++s) {
      for (const std::string& id : it->second[s]) {
        if (id == t.values[v]) sig |= uint64_t{1} << s;
      }
    }
    auto [cls, fresh] = by_signature.try_emplace(sig, ValueClass{static_cast<uint8_t>(v), 0, 0});
    cls->second.weight += 1;
    cls->second.members |= uint32_t{1} << v;
  }
  std::vector<ValueClass> out;
  for (auto& [sig, cls] : by_signature) out.push_back(cls);
  return out;
}

std::vector<ValueClass> bool_classes(const Usage& u, const std::string& path) {
  if (u.all_opaque || u.referenced.count(path)) return {{0, 1, 1}, {1, 1, 2}};
  return {{0, 2, 3}};
}

struct Axis {
  enum class Kind : uint8_t {
    Instrument,
    Signer,
    Purpose,
    Requester,
    Custody,
    Fact,
    Conviction,
    Interview
  };
  Kind kind;
  uint8_t index = 0;  // fact or conviction class
  std::vector<ValueClass> classes;
};

std::vector<Axis> axes_for(const Usage& u, const Vocabulary& v) {
  using K = Axis::Kind;
  std::vector<Axis> axes;
  axes.push_back({K::Instrument, 0, each_value(v.instruments.values.size())});
  axes.push_back({K::Signer, 0, each_value(v.signers.values.size())});
  axes.push_back({K::Purpose, 0, each_value(v.purposes.values.size())});
  axes.push_back({K::Requester, 0, enum_classes(u, "requester", v.requesters)});
  axes.push_back({K::Custody, 0, bool_classes(u, "subject.in_custody")});
  for (size_t f = 0; f < v.facts.size(); ++f) {
    axes.push_back({K::Fact, static_cast<uint8_t>(f), bool_classes(u, "facts." + v.facts[f])});
  }
  for (size_t c = 0; c < v.conviction_classes.size(); ++c) {
    axes.push_back(
        {K::Conviction, static_cast<uint8_t>(c),
         enum_classes(u, "subject.convictions." + v.conviction_classes[c], v.conviction_ages)});
  }
  axes.push_back({K::Interview, 0, enum_classes(u, "interview_mode", v.interview_modes)});
  return axes;
}

void apply(const Axis& a, uint8_t value, Situation& s) {
  switch (a.kind) {
    case Axis::Kind::Instrument:
      s.instrument = value;
      break;
    case Axis::Kind::Signer:
      s.signed_by = value;
      break;
    case Axis::Kind::Purpose:
      s.purpose = value;
      break;
    case Axis::Kind::Requester:
      s.requester = value;
      break;
    case Axis::Kind::Custody:
      s.in_custody = value != 0;
      break;
    case Axis::Kind::Fact:
      s.facts =
          value ? (s.facts | (uint32_t{1} << a.index)) : (s.facts & ~(uint32_t{1} << a.index));
      break;
    case Axis::Kind::Conviction:
      s.convictions[a.index] = value;
      break;
    case Axis::Kind::Interview:
      s.interview_mode = value;
      break;
  }
}

// Calls f(situation, weight, picks) for every combination of classes.
template <class F>
uint64_t for_each_class(const std::vector<Axis>& axes, Situation s, F&& f) {
  std::vector<size_t> pick(axes.size(), 0);
  for (size_t i = 0; i < axes.size(); ++i) apply(axes[i], axes[i].classes[0].rep, s);
  uint64_t count = 0;
  while (true) {
    uint64_t weight = 1;
    for (size_t i = 0; i < axes.size(); ++i) weight *= axes[i].classes[pick[i]].weight;
    f(s, weight, pick);
    ++count;
    size_t i = axes.size();
    while (i > 0) {
      --i;
      if (++pick[i] < axes[i].classes.size()) {
        apply(axes[i], axes[i].classes[pick[i]].rep, s);
        break;
      }
      pick[i] = 0;
      apply(axes[i], axes[i].classes[0].rep, s);
      if (i == 0) return count;
    }
  }
}

// ---- Groups of cells -------------------------------------------------------

cedar::Request request_for(const Vocabulary& v, const Situation& s) {
  return cedar::Request{cedar::EntityUid{"Agency", "policy-check"},
                        {},
                        cedar::EntityUid{"FederalRequest", "policy-check"},
                        v.context(s)};
}

using GroupMap = std::map<uint64_t, CellGroup>;

struct Cell {
  const Vocabulary& v;
  const std::vector<Axis>& axes;
  const std::vector<size_t>& pick;
  const Situation& s;
  uint64_t weight;
  size_t agency;
};

// Adds a class of cells to its group (an empty group takes its action,
// instrument, signer, purpose and compliances).
void add_cell(CellGroup& g, const Cell& c, uint8_t action, Compliance before, Compliance after) {
  const Vocabulary& v = c.v;
  if (g.cells == 0) {
    g.action = action;
    g.instrument = c.s.instrument;
    g.signed_by = c.s.signed_by;
    g.purpose = c.s.purpose;
    g.before = before;
    g.after = after;
    g.facts.assign(v.facts.size(), 0);
    g.convictions.assign(v.conviction_classes.size(), 0);
  }
  g.cells += c.weight;
  g.agencies |= uint32_t{1} << c.agency;
  for (size_t i = 0; i < c.axes.size(); ++i) {
    const Axis& a = c.axes[i];
    uint32_t members = a.classes[c.pick[i]].members;
    switch (a.kind) {
      case Axis::Kind::Requester:
        g.requesters |= members;
        break;
      case Axis::Kind::Custody:
        g.custody |= static_cast<uint8_t>(members);
        break;
      case Axis::Kind::Fact:
        g.facts[a.index] |= static_cast<uint8_t>(members);
        break;
      case Axis::Kind::Conviction:
        g.convictions[a.index] |= members;
        break;
      case Axis::Kind::Interview:
        g.interview_modes |= members;
        break;
      default:
        break;
    }
  }
}

void add_to_group(GroupMap& groups, const Cell& c, uint8_t action, Compliance before,
                  Compliance after) {
  const Vocabulary& v = c.v;
  uint64_t key = action;
  key = key * v.instruments.values.size() + c.s.instrument;
  key = key * v.signers.values.size() + c.s.signed_by;
  key = key * v.purposes.values.size() + c.s.purpose;
  key = key * 16 + static_cast<uint64_t>(before) * 4 + static_cast<uint64_t>(after);
  add_cell(groups[key], c, action, before, after);
}

std::vector<CellGroup> values_of(GroupMap& m) {
  std::vector<CellGroup> out;
  out.reserve(m.size());
  for (auto& [key, g] : m) out.push_back(std::move(g));
  return out;
}

std::string group_line(const CellGroup& g, const Vocabulary& v,
                       const std::vector<std::string>& agencies) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-24s %-22s %-19s %-29s %10llu cells",
                v.actions[g.action].c_str(), v.instruments.values[g.instrument].c_str(),
                v.signers.values[g.signed_by].c_str(), v.purposes.values[g.purpose].c_str(),
                static_cast<unsigned long long>(g.cells));
  std::string line = buf;
  std::string cond = g.conditions(v, agencies);
  if (!cond.empty()) line += "  when " + cond;
  return line;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// "a|b" of the values whose bit is set, or empty when all are.
std::string value_list(uint32_t bits, const std::vector<std::string>& names) {
  uint32_t all = names.size() >= 32 ? ~0U : (uint32_t{1} << names.size()) - 1;
  if ((bits & all) == all) return {};
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (bits & (uint32_t{1} << i)) out += (out.empty() ? "" : "|") + names[i];
  }
  return out;
}

// One agency analysed: its law(s) and its kind.
struct Target {
  std::string name;
  const Law* before = nullptr;  // diff only
  const Law* law = nullptr;
  uint8_t kind = 0;
};

uint8_t kind_other(const Vocabulary& v) { return v.agency_kinds.find("other").value_or(0); }

std::vector<Target> targets_of(const Chain& chain, Date date, const Vocabulary& v) {
  std::vector<Target> out;
  if (chain.agencies.empty()) {
    out.push_back({"", nullptr, &chain.at(date), kind_other(v)});
  }
  for (const ChainAgency& a : chain.agencies) {
    out.push_back({a.entry->id, nullptr, &chain.at(date, a), a.entry->kind});
  }
  return out;
}

}  // namespace

std::string CellGroup::conditions(const Vocabulary& v,
                                  const std::vector<std::string>& agency_names) const {
  std::vector<std::string> parts;
  if (agency_names.size() > 1) {
    std::string a = value_list(agencies, agency_names);
    if (!a.empty()) parts.push_back("agency " + a);
  }
  std::string r = value_list(requesters, v.requesters.values);
  if (!r.empty()) parts.push_back("requester " + r);
  if (custody == 1) parts.push_back("not in custody");
  if (custody == 2) parts.push_back("in custody");
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i] == 1) parts.push_back("no " + v.facts[i]);
    if (facts[i] == 2) parts.push_back(v.facts[i]);
  }
  for (size_t i = 0; i < convictions.size(); ++i) {
    std::string c = value_list(convictions[i], v.conviction_ages.values);
    if (!c.empty()) parts.push_back(v.conviction_classes[i] + " " + c);
  }
  std::string m = value_list(interview_modes, v.interview_modes.values);
  if (!m.empty()) parts.push_back("interview " + m);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::vector<std::string> context_paths_read(const Law& law, const Vocabulary& v) {
  Usage u;
  for (size_t a = 0; a < v.actions.size(); ++a) collect(law, static_cast<uint8_t>(a), u);
  if (u.all_opaque) return {"*"};
  return std::vector<std::string>(u.referenced.begin(), u.referenced.end());
}

CheckReport check(const Chain& chain, Date date, const Vocabulary& v) {
  auto start = std::chrono::steady_clock::now();
  CheckReport r;
  r.jurisdiction = chain.jurisdiction;
  r.date = date;
  r.by_action.assign(v.actions.size(), {0, 0, 0, 0});
  GroupMap conflicts, discretionary, undecided;
  std::unordered_set<const Provision*> deciding, in_force;
  std::unordered_set<std::string> errors;
  std::vector<Target> targets = targets_of(chain, date, v);
  r.policy_version = targets.front().law->policy_version;
  for (const Target& t : targets) {
    if (!t.name.empty()) r.agencies.push_back(t.name);
  }
  for (size_t ai = 0; ai < targets.size(); ++ai) {
    const Target& t = targets[ai];
    for (const Provision* p : t.law->provisions) in_force.insert(p);
    for (size_t a = 0; a < v.actions.size(); ++a) {
      auto action = static_cast<uint8_t>(a);
      Usage u;
      collect(*t.law, action, u);
      std::vector<Axis> axes = axes_for(u, v);
      Situation base;
      base.agency_kind = t.kind;
      r.evaluated += for_each_class(
          axes, base, [&](const Situation& s, uint64_t weight, const std::vector<size_t>& pick) {
            Outcome o = decide_action(*t.law, action, request_for(v, s));
            Cell cell{v, axes, pick, s, weight, ai};
            r.cells += weight;
            r.by_action[a][static_cast<size_t>(o.compliance)] += weight;
            for (const Provision* p : o.because) deciding.insert(p);
            if (o.compliance == Compliance::Conflict)
              add_to_group(conflicts, cell, action, o.compliance, o.compliance);
            if (o.compliance == Compliance::Discretionary)
              add_to_group(discretionary, cell, action, o.compliance, o.compliance);
            if (o.undetermined || !o.errors.empty())
              add_to_group(undecided, cell, action, o.compliance, o.compliance);
            for (auto& e : o.errors) {
              if (errors.size() < 20) errors.insert(std::move(e));
            }
          });
    }
  }
  r.conflicts = values_of(conflicts);
  r.discretionary = values_of(discretionary);
  r.undecided = values_of(undecided);
  r.errors.assign(errors.begin(), errors.end());
  for (const auto& pack : chain.packs) {
    for (const Provision& p : pack->provisions) {
      if (in_force.count(&p) && !deciding.count(&p)) r.never_decide.push_back(&p);
    }
  }
  r.seconds = seconds_since(start);
  return r;
}

void survey(const Law& law, uint8_t action, uint8_t agency_kind, const Vocabulary& v,
            const std::function<void(const Situation&, const CellGroup&, const Outcome&)>& f) {
  Usage u;
  collect(law, action, u);
  std::vector<Axis> axes = axes_for(u, v);
  Situation base;
  base.agency_kind = agency_kind;
  for_each_class(
      axes, base, [&](const Situation& s, uint64_t weight, const std::vector<size_t>& pick) {
        Outcome o = decide_action(law, action, request_for(v, s));
        CellGroup g;
        add_cell(g, Cell{v, axes, pick, s, weight, 0}, action, o.compliance, o.compliance);
        f(s, g, o);
      });
}

std::string check_to_text(const CheckReport& r, const Vocabulary& v, bool verbose) {
  char buf[256];
  std::string out = "policy check " + r.jurisdiction + " — law in force on " + r.date.to_string() +
                    " (" + r.policy_version + ")\n";
  if (!r.agencies.empty()) {
    std::string names;
    for (const auto& a : r.agencies) names += (names.empty() ? "" : ", ") + a;
    out += "agencies: " + names + "\n";
  }
  std::snprintf(buf, sizeof buf,
                "%llu cells (%zu agencies x %llu situations x %zu actions; %llu classes "
                "decided) in %.2f s\n\n",
                static_cast<unsigned long long>(r.cells), std::max<size_t>(r.agencies.size(), 1),
                static_cast<unsigned long long>(v.situation_count()), v.actions.size(),
                static_cast<unsigned long long>(r.evaluated), r.seconds);
  out += buf;
  std::snprintf(buf, sizeof buf, "  %-26s %14s %14s %14s %14s\n", "action", "required",
                "prohibited", "discretionary", "conflict");
  out += buf;
  for (size_t a = 0; a < v.actions.size(); ++a) {
    const auto& c = r.by_action[a];
    std::snprintf(buf, sizeof buf, "  %-26s %14llu %14llu %14llu %14llu\n", v.actions[a].c_str(),
                  static_cast<unsigned long long>(c[0]), static_cast<unsigned long long>(c[1]),
                  static_cast<unsigned long long>(c[2]), static_cast<unsigned long long>(c[3]));
    out += buf;
  }
  auto section = [&](const char* title, const std::vector<CellGroup>& groups) {
    out += "\n" + std::string(title) + (groups.empty() ? ": none\n" : ":\n");
    for (const CellGroup& g : groups) out += group_line(g, v, r.agencies) + "\n";
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

DiffReport diff(const Chain& before, Date before_date, const Chain& after, Date after_date,
                const Vocabulary& v) {
  auto start = std::chrono::steady_clock::now();
  DiffReport r;
  const Chain& listing = after.agencies.empty() ? before : after;
  std::vector<Target> targets =
      targets_of(listing, &listing == &after ? after_date : before_date, v);
  for (Target& t : targets) {
    auto law_in = [&](const Chain& c, Date d) {
      const ChainAgency* a = t.name.empty() ? nullptr : c.find_agency(t.name);
      return a ? &c.at(d, *a) : &c.at(d);
    };
    t.before = law_in(before, before_date);
    t.law = law_in(after, after_date);
    if (!t.name.empty()) r.agencies.push_back(t.name);
  }
  r.before_version = targets.front().before->policy_version;
  r.after_version = targets.front().law->policy_version;
  GroupMap changes;
  for (size_t ai = 0; ai < targets.size(); ++ai) {
    const Target& t = targets[ai];
    for (size_t a = 0; a < v.actions.size(); ++a) {
      auto action = static_cast<uint8_t>(a);
      Usage u;
      collect(*t.before, action, u);
      collect(*t.law, action, u);
      std::vector<Axis> axes = axes_for(u, v);
      Situation base;
      base.agency_kind = t.kind;
      for_each_class(
          axes, base, [&](const Situation& s, uint64_t weight, const std::vector<size_t>& pick) {
            cedar::Request request = request_for(v, s);
            Compliance old_c = decide_action(*t.before, action, request).compliance;
            Compliance new_c = decide_action(*t.law, action, request).compliance;
            r.cells += weight;
            r.transitions[static_cast<size_t>(old_c)][static_cast<size_t>(new_c)] += weight;
            if (old_c == new_c) return;
            r.changed += weight;
            add_to_group(changes, Cell{v, axes, pick, s, weight, ai}, action, old_c, new_c);
          });
    }
  }
  r.changes = values_of(changes);
  r.seconds = seconds_since(start);
  return r;
}

std::string diff_to_text(const DiffReport& r, const Vocabulary& v) {
  char buf[256];
  std::string out = "policy diff " + r.before_name + " -> " + r.after_name +
                    "\n  before: " + r.before_version + "\n  after:  " + r.after_version + "\n";
  if (!r.agencies.empty()) {
    std::string names;
    for (const auto& a : r.agencies) names += (names.empty() ? "" : ", ") + a;
    out += "  agencies: " + names + "\n";
  }
  std::snprintf(buf, sizeof buf, "%llu of %llu cells change (%.2f s)\n",
                static_cast<unsigned long long>(r.changed),
                static_cast<unsigned long long>(r.cells), r.seconds);
  out += buf;
  for (size_t b = 0; b < 4; ++b) {
    for (size_t a = 0; a < 4; ++a) {
      if (a == b || r.transitions[b][a] == 0) continue;
      std::snprintf(buf, sizeof buf, "  %-13s -> %-13s %14llu cells\n",
                    std::string(compliance_name(static_cast<Compliance>(b))).c_str(),
                    std::string(compliance_name(static_cast<Compliance>(a))).c_str(),
                    static_cast<unsigned long long>(r.transitions[b][a]));
      out += buf;
    }
  }
  if (r.changes.empty()) return out + "\nNo outcome changes.\n";
  std::snprintf(buf, sizeof buf, "\n  %-24s %-22s %-19s %-29s %16s  %s\n", "action", "instrument",
                "signed_by", "purpose", "", "before -> after");
  out += buf;
  for (const CellGroup& g : r.changes) {
    std::string line = group_line(g, v, r.agencies);
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
