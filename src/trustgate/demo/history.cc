#include "trustgate/demo/history.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <future>
#include <optional>

#include "base/clock.h"
#include "trustgate/cases/deadline.h"
#include "trustgate/cases/events.h"
#include "trustgate/intake/intake.h"
#include "trustgate/policy/decision.h"

namespace trustgate::demo {

namespace {

using common::Json;
constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86400;

// Requests a day nationwide: ICE's published detainers lodged, 2025-01-27/28.
constexpr double kNationalPerDay = 860;
constexpr double kUsPopulationMillions = 340;
// Weekend days relative to weekdays (ICE's counts, Saturday 25 and Sunday 26 January 2025).
constexpr double kSaturday = 0.55, kSunday = 0.70;

struct Profile {
  std::string_view jurisdiction;
  double population_millions;
  int utc_offset_hours;                       // standard time; US daylight saving time applies
  std::vector<std::string> custody_agencies;  // jails and lockups
  std::vector<std::string> field_agencies;    // police on the street
};

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> p = {
      {"us-il-chicago", 2.66, -6, {"chicago-police"}, {"chicago-police"}},
      {"us-ny-nyc", 8.26, -5, {"nyc-doc", "nypd"}, {"nypd"}},
      {"us-ca", 39.0, -8, {"ca-county-sheriff"}, {"ca-local-police"}},
      {"us-tx-austin", 0.98, -6, {"austin-police"}, {"austin-police"}},
      {"us-tx", 30.5, -6, {"tx-county-jail"}, {"tx-local-police"}},
      {"us-co-denver", 0.72, -7, {"denver-sheriff"}, {"denver-police"}},
      {"us-pa-pittsburgh", 0.30, -5, {"pittsburgh-police"}, {"pittsburgh-police"}},
      {"us-il", 12.5, -6, {"il-county-jail"}, {"il-local-police"}},
      {"us", kUsPopulationMillions, -5, {"local-jail"}, {"local-police"}},
  };
  return p;
}

Profile profile_of(const std::string& jurisdiction) {
  for (const Profile& p : profiles()) {
    if (p.jurisdiction == jurisdiction) return p;
  }
  return Profile{jurisdiction, 1.0, -6, {jurisdiction + "-jail"}, {jurisdiction + "-police"}};
}

// SplitMix64: small, fast, the same sequence everywhere for a seed.
class Rng {
 public:
  // The seed goes through the mixer first, so that nearby seeds do not give
  // the same sequence shifted.
  explicit Rng(uint64_t seed) : s_(mix(seed ^ 0x632BE59BD9B4E019ULL)) {}
  uint64_t next() { return mix(s_ += 0x9E3779B97F4A7C15ULL); }
  double unit() { return static_cast<double>(next() >> 11) / 9007199254740992.0; }
  bool chance(double p) { return unit() < p; }
  int64_t between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[next() % v.size()];
  }

 private:
  static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t s_;
};

int weekday(int64_t day) { return static_cast<int>(((day + 4) % 7 + 7) % 7); }  // 0 = Sunday

// US daylight saving time: from the second Sunday of March to the first
// Sunday of November (local dates; the hour of the switch is ignored).
bool daylight_saving(int64_t day, int year) {
  auto nth_sunday = [](int y, unsigned month, int n) {
    int64_t d = policy::date_from_civil(y, month, 1).days;
    while (weekday(d) != 0) ++d;
    return d + 7 * (n - 1);
  };
  return day >= nth_sunday(year, 3, 2) && day < nth_sunday(year, 11, 1);
}

double day_weight(int64_t day) {
  const int wd = weekday(day);
  return wd == 6 ? kSaturday : wd == 0 ? kSunday : 1.0;
}

// One kind of request: how often, from whom, with what, asking what.
struct Kind {
  double share;
  std::string instrument, form, signed_by, purpose;
  std::vector<std::string> requesters;
  std::vector<std::vector<std::string>> action_sets;
  bool custody;
};

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> k = {
      {0.55,
       "detainer",
       "I-247A",
       "immigration_officer",
       "civil_immigration_enforcement",
       {"ice-ero"},
       {{"hold_beyond_release", "notify_release", "transfer_custody"},
        {"hold_beyond_release", "notify_release"}},
       true},
      {0.10,
       "voluntary_notification",
       "I-247N",
       "immigration_officer",
       "civil_immigration_enforcement",
       {"ice-ero"},
       {{"notify_release"}},
       true},
      {0.07,
       "admin_arrest_warrant",
       "I-200",
       "immigration_officer",
       "civil_immigration_enforcement",
       {"ice-ero"},
       {{"transfer_custody", "hold_beyond_release"}, {"transfer_custody"}},
       true},
      {0.03,
       "admin_removal_warrant",
       "I-205",
       "immigration_officer",
       "civil_immigration_enforcement",
       {"ice-ero"},
       {{"transfer_custody"}},
       true},
      {0.05,
       "judicial_warrant",
       "",
       "judge",
       "criminal_investigation",
       {"usms", "fbi", "ice-hsi"},
       {{"transfer_custody"}},
       true},
      {0.12,
       "informal",
       "",
       "none",
       "civil_immigration_enforcement",
       {"ice-ero", "cbp"},
       {{"on_scene_assistance"}, {"share_records"}, {"inquire_status"}, {"database_access"}},
       false},
      {0.04,
       "admin_subpoena",
       "I-138",
       "immigration_officer",
       "civil_immigration_enforcement",
       {"ice-hsi"},
       {{"share_records"}},
       false},
      {0.02,
       "judicial_subpoena",
       "",
       "judge",
       "criminal_investigation",
       {"ice-hsi", "fbi"},
       {{"share_records"}},
       false},
      {0.02,
       "court_order",
       "",
       "judge",
       "criminal_investigation",
       {"fbi", "usms"},
       {{"share_records"}},
       false},
  };
  return k;
}

const std::vector<std::string> kOverrideReasons = {
    "Demo: a judge-signed warrant was on its way; counsel advised waiting for it.",
    "Demo: the person asked to be handed over to avoid a longer stay in the county jail.",
    "Demo: exigent circumstances reported on scene; reviewed with the watch commander.",
};

}  // namespace

uint64_t default_cases(const std::string& jurisdiction, int year) {
  const Profile p = profile_of(jurisdiction);
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const double days = leap ? 366 : 365;
  const double per_day = kNationalPerDay * p.population_millions / kUsPopulationMillions;
  // Weekdays count 1, weekends less: the year's weight is about 5.25 / 7 of its days.
  return std::max<uint64_t>(
      1, static_cast<uint64_t>(std::llround(per_day * days * (5 + kSaturday + kSunday) / 7)));
}

struct DemoGenerator::Impl {
  std::shared_ptr<const policy::Library> library;
  DemoOptions options;
  Profile profile;
  Rng rng;
  int64_t first_day = 0, days = 0;
  double total_weight = 0;
  uint64_t made = 0;
  int64_t day_cursor = 0;    // the day of the last arrival
  double weight_before = 0;  // weight of the days before day_cursor
  int64_t now = 0;
  std::vector<double> kind_cdf;

  Impl(std::shared_ptr<const policy::Library> lib, DemoOptions o)
      : library(std::move(lib)),
        options(std::move(o)),
        profile(profile_of(options.jurisdiction)),
        rng(options.seed) {
    first_day = policy::date_from_civil(options.year, 1, 1).days;
    days = policy::date_from_civil(options.year + 1, 1, 1).days - first_day;
    for (int64_t d = 0; d < days; ++d) total_weight += day_weight(first_day + d);
    day_cursor = first_day;
    now = base::now_unix_seconds();
    double acc = 0;
    for (const Kind& k : kinds()) kind_cdf.push_back(acc += k.share);
  }

  int32_t offset_on(int64_t day) const {
    return (profile.utc_offset_hours + (daylight_saving(day, options.year) ? 1 : 0)) * 3600;
  }
  cases::Instant local(int64_t unix) const {
    const int64_t standard = unix + profile.utc_offset_hours * kHour;
    const int64_t day = standard >= 0 ? standard / kDay : (standard - kDay + 1) / kDay;
    return cases::Instant{unix, offset_on(day)};
  }
  std::string stamp(int64_t unix) const { return cases::format_instant(local(unix)); }

  // The arrival time of case `i` of `total`: spread over the year by day weight.
  int64_t arrival(uint64_t i, uint64_t total) {
    const double target =
        (static_cast<double>(i) + rng.unit()) / static_cast<double>(total) * total_weight;
    while (day_cursor + 1 < first_day + days && weight_before + day_weight(day_cursor) <= target) {
      weight_before += day_weight(day_cursor);
      ++day_cursor;
    }
    const double into = std::clamp((target - weight_before) / day_weight(day_cursor), 0.0, 0.9999);
    const int64_t local_seconds = day_cursor * kDay + static_cast<int64_t>(into * kDay);
    return local_seconds - offset_on(day_cursor);
  }

  const Kind& pick_kind() {
    const double u = rng.unit() * kind_cdf.back();
    for (size_t i = 0; i < kind_cdf.size(); ++i) {
      if (u < kind_cdf[i]) return kinds()[i];
    }
    return kinds().back();
  }

  Json request(const Kind& k, int64_t received, std::vector<std::string>& actions,
               std::string& requester) {
    Json r = Json::object();
    r.set("received_at", stamp(received));
    r.set("jurisdiction", options.jurisdiction);
    r.set("receiving_agency",
          rng.pick(k.custody ? profile.custody_agencies : profile.field_agencies));
    requester = rng.pick(k.requesters);
    Json q = Json::object();
    q.set("agency", requester);
    r.set("requester", std::move(q));
    Json inst = Json::object();
    inst.set("type", k.instrument);
    if (!k.form.empty()) inst.set("form", k.form);
    inst.set("signed_by", k.signed_by);
    r.set("instrument", std::move(inst));
    actions = rng.pick(k.action_sets);
    Json a = Json::array();
    for (const std::string& x : actions) a.push(x);
    r.set("actions", std::move(a));
    r.set("purpose", k.purpose);
    Json subject = Json::object();
    subject.set("in_custody", k.custody);
    r.set("subject", std::move(subject));
    Json facts = Json::object();
    const auto& known = library->vocabulary().facts;
    auto fact = [&](const char* name, bool value) {
      if (value && std::find(known.begin(), known.end(), name) != known.end())
        facts.set(name, true);
    };
    fact("supervisor_on_site", !k.custody && rng.chance(0.5));
    fact("serious_conviction", k.custody && rng.chance(0.15));
    fact("watchlist_match", rng.chance(0.01));
    fact("lawful_status_proof", rng.chance(0.02));
    r.set("facts", std::move(facts));
    return r;
  }
};

DemoGenerator::DemoGenerator(std::shared_ptr<const policy::Library> library, DemoOptions options)
    : impl_(std::make_shared<Impl>(std::move(library), std::move(options))) {
  total_ = impl_->options.cases ? impl_->options.cases
                                : default_cases(impl_->options.jurisdiction, impl_->options.year);
}

base::Status DemoGenerator::check() const {
  if (!impl_->library->chain(impl_->options.jurisdiction)) {
    std::string known;
    for (const auto& j : impl_->library->jurisdictions()) known += (known.empty() ? "" : ", ") + j;
    return base::invalid_field(
        "--jurisdiction",
        "unknown jurisdiction \"" + impl_->options.jurisdiction + "\" (one of: " + known + ")");
  }
  if (impl_->options.year < 1990 || impl_->options.year > 2199) {
    return base::invalid_field("--year", "must be between 1990 and 2199");
  }
  return base::Status::Ok();
}

namespace {

// What the agency does once a request is decided: the steps of one case.
class Steps {
 public:
  Steps(Rng& rng, int64_t now, const cases::Actor& actor,
        const std::function<std::string(int64_t)>& stamp)
      : rng_(rng), now_(now), actor_(actor), stamp_(stamp) {}

  // Appends a disposition at `t` unless it lies in the future.
  bool record(cases::DispositionKind kind, int64_t t, std::string until = {}, std::string to = {}) {
    if (t > now_) {
      future = true;
      return false;
    }
    steps.push_back(cases::disposition_event(
        "", actor_, cases::DispositionStep{kind, stamp_(t), std::move(until), std::move(to)}));
    return true;
  }
  void sign(cases::Role role, bool on_site) {
    steps.push_back(cases::signed_off_event("", actor_, role, name(role), on_site));
  }
  void override_by(cases::Role role) {
    steps.push_back(
        cases::overridden_event("", actor_, role, name(role), rng_.pick(kOverrideReasons)));
  }
  void close() { steps.push_back(cases::closed_event("", actor_)); }

  std::vector<Json> steps;
  bool future = false;  // a step was left out: it has not happened yet

 private:
  std::string name(cases::Role role) {
    return std::string(role == cases::Role::Counsel ? "Demo Counsel " : "Demo Supervisor ") +
           std::to_string(rng_.between(1, 9));
  }
  Rng& rng_;
  int64_t now_;
  const cases::Actor& actor_;
  const std::function<std::string(int64_t)>& stamp_;
};

}  // namespace

base::Result<bool> DemoGenerator::next(cases::RecordedCase& out) {
  Impl& g = *impl_;
  if (g.made >= total_) return false;
  const int64_t received = g.arrival(g.made++, total_);
  const Kind& kind = g.pick_kind();
  std::vector<std::string> actions;
  std::string requester;
  Json request = g.request(kind, received, actions, requester);
  out.request = request.canonical();
  auto intake = intake::parse_request(out.request, *g.library, g.now);
  if (!intake) return base::Error{"demo request refused: " + intake.error().describe()};
  auto decision = policy::decide(*g.library, intake->request);
  if (!decision) return decision.error();
  const cases::DecidedCase decided = cases::decided_case(*decision, g.library->vocabulary());
  const policy::Vocabulary& vocab = g.library->vocabulary();
  auto compliance = [&](std::string_view action) -> std::optional<policy::Compliance> {
    for (const policy::Outcome& o : decision->outcomes) {
      if (vocab.actions[o.action] == action) return o.compliance;
    }
    return std::nullopt;
  };
  static const cases::Actor kDemoActor{"demo", "cli"};
  std::function<std::string(int64_t)> stamp = [&](int64_t t) { return g.stamp(t); };
  Steps s(g.rng, g.now, kDemoActor, stamp);
  Rng& rng = g.rng;
  // Reviews: counsel first, then a supervisor; now and then an override.
  bool overridden = false;
  for (cases::Role role : decided.sign_offs_needed) {
    if (rng.chance(role == cases::Role::Counsel ? 0.06 : 0.02)) {
      s.override_by(role);
      overridden = true;
      break;
    }
    s.sign(role,
           role == cases::Role::Supervisor && decided.on_site_needed ? true : rng.chance(0.5));
  }
  bool any_prohibited = false;
  for (const policy::Outcome& o : decision->outcomes) {
    any_prohibited |= o.compliance == policy::Compliance::Prohibited;
  }
  if (decided.sign_offs_needed.empty() && any_prohibited && rng.chance(0.01)) {
    s.override_by(cases::Role::Supervisor);
    overridden = true;
  }
  const bool honor_discretion = rng.chance(0.5);
  // Whether the agency carries out `action` (case.h: what each outcome allows).
  auto does = [&](std::string_view action) {
    auto c = compliance(action);
    if (!c) return false;
    switch (*c) {
      case policy::Compliance::Required:
        return true;
      case policy::Compliance::Prohibited:
        return overridden;
      case policy::Compliance::Discretionary:
      case policy::Compliance::Conflict:
        return honor_discretion;  // after the sign-offs above, or the override
    }
    return false;
  };
  bool holding = false, open = false;
  if (g.options.jurisdiction == "us-il-chicago" && kind.instrument == "informal" &&
      kind.purpose == "civil_immigration_enforcement") {
    s.record(cases::DispositionKind::Notified, received + rng.between(5 * kMinute, kHour), {},
             "chicago-oemc");
  }
  if (std::find(decided.obligations.begin(), decided.obligations.end(),
                "give_person_copy_of_request") != decided.obligations.end() &&
      rng.chance(0.95)) {
    s.record(cases::DispositionKind::NoticeGiven, received + rng.between(kHour, 12 * kHour));
  }
  if (kind.custody) {
    int64_t release = received + rng.between(2 * kHour, 30 * kDay);
    if (rng.chance(0.3)) {
      const int64_t bail = received + rng.between(2 * kHour, 5 * kDay);
      s.record(cases::DispositionKind::BailPosted, bail);
      release = bail + rng.between(kHour, 6 * kHour);
    }
    if (kind.instrument == "judicial_warrant") {
      if (does("transfer_custody")) {
        s.record(cases::DispositionKind::Transferred, release, {}, requester);
      } else {
        s.record(cases::DispositionKind::Released, release);
      }
    } else if (rng.chance(0.03)) {
      open = true;  // still in custody
    } else {
      if (does("notify_release")) {
        s.record(cases::DispositionKind::Notified,
                 std::max(received + 10 * kMinute, release - rng.between(kHour, 24 * kHour)), {},
                 requester);
      }
      if (does("hold_beyond_release")) {
        const cases::Instant start = g.local(release);
        const cases::Instant until = cases::due_time(start, 48, true);
        holding = s.record(cases::DispositionKind::Held, release, cases::format_instant(until));
        if (holding && rng.chance(0.8)) {
          holding = !s.record(cases::DispositionKind::Transferred,
                              std::min(until.unix, release + rng.between(2 * kHour, 40 * kHour)),
                              {}, "ice-ero");
        } else if (holding) {
          // ICE did not come: released when the hold ends, now and then late.
          const int64_t late = rng.chance(0.05) ? rng.between(kHour, 6 * kHour) : 0;
          holding = !s.record(cases::DispositionKind::Released, until.unix + late);
        }
      } else if (does("transfer_custody") && kind.instrument != "voluntary_notification") {
        s.record(cases::DispositionKind::Transferred, release, {}, "ice-ero");
      } else {
        s.record(cases::DispositionKind::Released, release);
      }
    }
  }
  if (!holding && !open && !s.future && rng.chance(0.92)) s.close();
  out.steps = std::move(s.steps);
  return true;
}

base::Result<DemoResult> record_demo(cases::CaseWorkflow& workflow,
                                     std::shared_ptr<const policy::Library> library,
                                     const DemoOptions& options, const cases::Actor& actor) {
  const auto started = std::chrono::steady_clock::now();
  DemoGenerator gen(std::move(library), options);
  if (auto s = gen.check(); !s) return s.error();
  // The next batch is generated on another thread while the workflow
  // records this one; the order of cases (and so the history) is the same.
  const auto make_batch = [&gen,
                           &options](std::vector<cases::RecordedCase>& batch) -> base::Status {
    while (batch.size() < std::max<size_t>(1, options.batch)) {
      cases::RecordedCase c;
      auto got = gen.next(c);
      if (!got) return got.error();
      if (!*got) break;
      batch.push_back(std::move(c));
    }
    return base::Status::Ok();
  };
  DemoResult result;
  std::vector<cases::RecordedCase> batch;
  if (auto s = make_batch(batch); !s) return s.error();
  while (!batch.empty()) {
    std::vector<cases::RecordedCase> next;
    auto generating = std::async(std::launch::async, [&] { return make_batch(next); });
    auto first = workflow.record_cases(batch, actor);
    base::Status generated = generating.get();
    if (!first) return first.error();
    if (!generated) return generated.error();
    for (const auto& c : batch) result.entries += 2 + c.steps.size();
    result.cases += batch.size();
    if (options.progress) options.progress(result.cases, gen.total());
    batch = std::move(next);
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace trustgate::demo
