#include "trustgate/report/history.h"

#include <simdjson.h>

#include <algorithm>
#include <thread>

#include "trustgate/cases/case.h"
#include "trustgate/cases/events.h"
#include "trustgate/ledger/reader.h"

namespace trustgate::report {

namespace {

namespace od = simdjson::ondemand;

constexpr uint32_t kNoCase = std::numeric_limits<uint32_t>::max();

enum class Kind : uint8_t { Skip, Received, Decided, SignedOff, Overridden, Closed, Disposition };

// Names of a received entry, in Parsed::names.
enum NameSlot { kJurisdiction, kAgency, kRequester, kInstrument, kPurpose, kVersion, kSlots };

// One entry as a worker read it; names are the worker's own ids.
struct Parsed {
  Kind kind = Kind::Skip;
  uint8_t detail = 0;  // role bit (signed_off, overridden) or DispositionKind
  uint64_t case_seq = 0;
  When first, second;  // received_at; happened_at and until
  uint32_t names[kSlots] = {kNoName, kNoName, kNoName, kNoName, kNoName, kNoName};
  uint32_t to = kNoName;
  uint32_t first_outcome = 0, outcome_count = 0;  // into Worker::outcomes
};

struct Worker {
  od::parser parser;
  Names names;
  std::vector<uint32_t> remap;  // worker name id -> History name id
  std::vector<Parsed> parsed;
  std::vector<RecordedOutcome> outcomes;
  bool failed = false;
  uint64_t failed_seq = 0;
  std::string problem;
};

When when_of(std::string_view text, bool& ok) {
  auto t = cases::parse_instant(text);
  if (!t) {
    ok = false;
    return When{};
  }
  return When{t->unix, t->offset};
}

uint8_t role_bit(std::string_view role) {
  return role == "supervisor" ? 1 : role == "counsel" ? 2 : 0;
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

// The string members of one object, by name, into the worker's names.
simdjson::error_code read_request(od::object obj, Worker& w, Parsed& p) {
  for (auto field : obj) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    std::string_view s;
    if (key == "purpose") {
      if (auto e = field.value().get_string().get(s)) return e;
      p.names[kPurpose] = w.names.id(s);
    } else if (key == "instrument" || key == "requester") {
      od::object inner;
      if (auto e = field.value().get_object().get(inner)) return e;
      const std::string_view want = key == "instrument" ? "type" : "agency";
      for (auto f : inner) {
        std::string_view k;
        if (auto e = f.unescaped_key().get(k)) return e;
        if (k != want) continue;
        if (auto e = f.value().get_string().get(s)) return e;
        p.names[key == "instrument" ? kInstrument : kRequester] = w.names.id(s);
      }
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code read_outcomes(od::object decision, Worker& w, Parsed& p) {
  p.first_outcome = static_cast<uint32_t>(w.outcomes.size());
  for (auto field : decision) {
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    if (key != "outcomes") continue;
    od::array list;
    if (auto e = field.value().get_array().get(list)) return e;
    for (auto item : list) {
      od::object o;
      if (auto e = item.get_object().get(o)) return e;
      RecordedOutcome out;
      for (auto f : o) {
        std::string_view k, s;
        if (auto e = f.unescaped_key().get(k)) return e;
        uint32_t* slot = k == "action"       ? &out.action
                         : k == "compliance" ? &out.compliance
                         : k == "response"   ? &out.response
                                             : nullptr;
        if (!slot) continue;
        if (auto e = f.value().get_string().get(s)) return e;
        *slot = w.names.id(s);
      }
      w.outcomes.push_back(out);
    }
  }
  p.outcome_count = static_cast<uint32_t>(w.outcomes.size()) - p.first_outcome;
  return simdjson::SUCCESS;
}

// The top-level members an entry parse looks at.
enum class Member : uint8_t {
  Other,
  Event,
  Case,
  ReceivedAt,
  HappenedAt,
  Until,
  To,
  Role,
  Jurisdiction,
  Agency,
  Version,
  Request,
  Decision
};

// By length first: most members are looked at in every entry.
Member member_of(std::string_view k) {
  switch (k.size()) {
    case 2:
      return k == "to" ? Member::To : Member::Other;
    case 4:
      return k == "case" ? Member::Case : k == "role" ? Member::Role : Member::Other;
    case 5:
      return k == "event" ? Member::Event : k == "until" ? Member::Until : Member::Other;
    case 7:
      return k == "request" ? Member::Request : Member::Other;
    case 8:
      return k == "decision" ? Member::Decision : Member::Other;
    case 11:
      return k == "received_at"   ? Member::ReceivedAt
             : k == "happened_at" ? Member::HappenedAt
                                  : Member::Other;
    case 12:
      return k == "jurisdiction" ? Member::Jurisdiction : Member::Other;
    case 14:
      return k == "policy_version" ? Member::Version : Member::Other;
    case 16:
      return k == "receiving_agency" ? Member::Agency : Member::Other;
    default:
      return Member::Other;
  }
}

// Parses one entry into `p`; false (with w.problem) when it is malformed.
bool parse_entry(std::string_view line, Worker& w, Parsed& p) {
  od::document doc;
  od::object obj;
  auto fail = [&](const std::string& why) {
    w.problem = why;
    return false;
  };
  if (w.parser.iterate(line.data(), line.size(), line.size() + ledger::kEntryPadding).get(doc) ||
      doc.get_object().get(obj)) {
    return fail("not a JSON object");
  }
  std::string_view event, case_id, received_at, happened_at, until, to, role;
  bool has_case = false;
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return fail("unreadable member");
    const Member m = member_of(key);
    if (m == Member::Other) continue;
    auto value = field.value();
    simdjson::error_code err = simdjson::SUCCESS;
    std::string_view* text = m == Member::Event        ? &event
                             : m == Member::Case       ? &case_id
                             : m == Member::ReceivedAt ? &received_at
                             : m == Member::HappenedAt ? &happened_at
                             : m == Member::Until      ? &until
                             : m == Member::To         ? &to
                             : m == Member::Role       ? &role
                                                       : nullptr;
    // Views into the parser's string buffer last until the next document.
    std::string_view s;
    if (text) {
      err = value.get_string().get(*text);
      if (!err && m == Member::Case) has_case = case_seq_of(*text, p.case_seq);
      // Entries about no case (a release of records) are not read further:
      // their members mean other things.
      if (!err && m == Member::Event && cases::is_caseless_event(event)) return true;
    } else if (m == Member::Jurisdiction || m == Member::Agency || m == Member::Version) {
      err = value.get_string().get(s);
      if (!err) {
        p.names[m == Member::Jurisdiction ? kJurisdiction
                : m == Member::Agency     ? kAgency
                                          : kVersion] = w.names.id(s);
      }
    } else if (m == Member::Request) {
      od::object request;
      err = value.get_object().get(request);
      if (!err) err = read_request(request, w, p);
    } else if (m == Member::Decision) {
      od::object decision;
      err = value.get_object().get(decision);
      if (!err) err = read_outcomes(decision, w, p);
    }
    if (err) return fail("member \"" + std::string(key) + "\": " + simdjson::error_message(err));
  }
  if (event.empty()) return fail("no \"event\"");
  if (cases::is_caseless_event(event)) return true;
  if (!has_case) return fail("a " + std::string(event) + " entry without a case id");
  bool ok = true;
  if (event == "received") {
    p.kind = Kind::Received;
    p.first = when_of(received_at, ok);
  } else if (event == "decided") {
    p.kind = Kind::Decided;
  } else if (event == "signed_off" || event == "overridden") {
    p.kind = event == "signed_off" ? Kind::SignedOff : Kind::Overridden;
    p.detail = role_bit(role);
  } else if (event == "closed") {
    p.kind = Kind::Closed;
  } else if (auto d = cases::parse_disposition(event)) {
    p.kind = Kind::Disposition;
    p.detail = static_cast<uint8_t>(*d);
    p.first = when_of(happened_at, ok);
    if (*d == cases::DispositionKind::Held) p.second = when_of(until, ok);
    if (!to.empty()) p.to = w.names.id(to);
  }
  if (!ok) return fail("a time that does not parse");
  return true;
}

// Applies the workers' entries, in seq order, to the history.
class Merger {
 public:
  Merger(History& h, uint64_t size) : h_(h), case_of_seq_(size, kNoCase) {}

  base::Status apply(uint64_t seq, const Parsed& p, Worker& w) {
    if (p.kind == Kind::Skip) return base::Status::Ok();
    if (p.kind == Kind::Received) {
      if (p.case_seq != seq) return bad(seq, "a received entry must name the case of its seq");
      CaseRecord c;
      c.seq = seq;
      c.received = p.first;
      c.jurisdiction = global(w, p.names[kJurisdiction]);
      c.agency = global(w, p.names[kAgency]);
      c.requester = global(w, p.names[kRequester]);
      c.instrument = global(w, p.names[kInstrument]);
      c.purpose = global(w, p.names[kPurpose]);
      c.policy_version = global(w, p.names[kVersion]);
      case_of_seq_[seq] = static_cast<uint32_t>(h_.cases.size());
      h_.cases.push_back(c);
      return base::Status::Ok();
    }
    if (p.case_seq >= case_of_seq_.size() || case_of_seq_[p.case_seq] == kNoCase) {
      return bad(seq, "names a case that was never received");
    }
    const uint32_t index = case_of_seq_[p.case_seq];
    CaseRecord& c = h_.cases[index];
    switch (p.kind) {
      case Kind::Decided:
        c.decided = true;
        c.first_outcome = static_cast<uint32_t>(h_.outcomes.size());
        c.outcome_count = p.outcome_count;
        for (uint32_t i = 0; i < p.outcome_count; ++i) {
          const RecordedOutcome& o = w.outcomes[p.first_outcome + i];
          h_.outcomes.push_back(
              RecordedOutcome{global(w, o.action), global(w, o.compliance), global(w, o.response)});
        }
        break;
      case Kind::SignedOff:
        c.sign_offs |= p.detail;
        break;
      case Kind::Overridden:
        c.overridden_by = p.detail;
        break;
      case Kind::Closed:
        c.closed = true;
        break;
      case Kind::Disposition:
        disposition(index, c, p, w);
        break;
      case Kind::Skip:
      case Kind::Received:
        break;
    }
    return base::Status::Ok();
  }

 private:
  uint32_t global(Worker& w, uint32_t local) {
    if (local == kNoName) return kNoName;
    if (w.remap.size() <= local) w.remap.resize(w.names.size(), kNoName);
    if (w.remap[local] == kNoName) w.remap[local] = h_.names.id(w.names.name(local));
    return w.remap[local];
  }
  static void first(When& slot, const When& t) {
    if (!slot.happened()) slot = t;
  }
  void disposition(uint32_t index, CaseRecord& c, const Parsed& p, Worker& w) {
    switch (static_cast<cases::DispositionKind>(p.detail)) {
      case cases::DispositionKind::Released:
        first(c.released, p.first);
        break;
      case cases::DispositionKind::Held:
        if (!c.held.happened()) c.held_until = p.second;
        first(c.held, p.first);
        break;
      case cases::DispositionKind::Transferred:
        if (!c.transferred.happened()) c.transferred_to = global(w, p.to);
        first(c.transferred, p.first);
        break;
      case cases::DispositionKind::Notified:
        h_.notifications.push_back(Notification{index, global(w, p.to), p.first});
        break;
      case cases::DispositionKind::NoticeGiven:
        first(c.notice_given, p.first);
        break;
      case cases::DispositionKind::BailPosted:
        first(c.bail_posted, p.first);
        break;
    }
  }
  static base::Error bad(uint64_t seq, const std::string& why) {
    return base::corruption("ledger entry " + std::to_string(seq) + ": " + why);
  }

  History& h_;
  std::vector<uint32_t> case_of_seq_;
};

}  // namespace

uint32_t Names::id(std::string_view name) {
  auto it = ids_.find(name);
  if (it != ids_.end()) return it->second;
  const auto id = static_cast<uint32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(names_.back(), id);
  return id;
}

uint32_t Names::find(std::string_view name) const {
  auto it = ids_.find(name);
  return it == ids_.end() ? kNoName : it->second;
}

int32_t When::day() const {
  const int64_t local = unix + offset;
  return static_cast<int32_t>(local >= 0 ? local / 86400 : (local - 86399) / 86400);
}

std::string History::case_id(const CaseRecord& c) const { return cases::case_id_for(c.seq); }

const std::string& History::name(uint32_t id) const {
  static const std::string kEmpty;
  return id == kNoName ? kEmpty : names.name(id);
}

base::Result<History> read_history(const ledger::LogSource& log,
                                   const ledger::Checkpoint& checkpoint,
                                   const HistoryOptions& options) {
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  History h;
  Merger merger(h, checkpoint.size);
  std::vector<Worker> workers(threads);
  std::vector<size_t> starts(threads, 0);
  ledger::ReadOptions read;
  read.threads = threads;
  read.progress = options.progress;
  auto status = ledger::read_entries(
      log, checkpoint,
      [&](uint64_t first_seq, std::span<const std::string_view> lines) -> base::Status {
        std::fill(starts.begin(), starts.end(), lines.size());
        ledger::parallel_parts(lines.size(), threads, 2048, [&](size_t b, size_t e, unsigned k) {
          Worker& w = workers[k];
          starts[k] = b;
          w.parsed.assign(e - b, Parsed{});
          w.outcomes.clear();
          for (size_t i = b; i < e && !w.failed; ++i) {
            if (!parse_entry(lines[i], w, w.parsed[i - b])) {
              w.failed = true;
              w.failed_seq = first_seq + i;
            }
          }
        });
        for (Worker& w : workers) {
          if (w.failed) {
            return base::corruption("ledger entry " + std::to_string(w.failed_seq) + ": " +
                                    w.problem);
          }
        }
        for (unsigned k = 0; k < threads; ++k) {
          if (starts[k] >= lines.size()) continue;
          Worker& w = workers[k];
          for (size_t i = 0; i < w.parsed.size(); ++i) {
            if (auto s = merger.apply(first_seq + starts[k] + i, w.parsed[i], w); !s) return s;
          }
        }
        h.entries = first_seq + lines.size();
        return base::Status::Ok();
      },
      read);
  if (!status) return status.error();
  return h;
}

}  // namespace trustgate::report
