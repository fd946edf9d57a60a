#include "trustgate/policy/time_zone.h"

#include <algorithm>
#include <cstdlib>

#include "base/storage.h"

namespace trustgate::policy {

namespace {

constexpr int64_t kDay = 86400;

// Reads big-endian integers from a byte range; `ok` turns false past the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  size_t pos() const { return pos_; }
  void skip(size_t n) {
    if (n > data_.size() - pos_) {
      ok_ = false;
      pos_ = data_.size();
    } else {
      pos_ += n;
    }
  }
  uint64_t be(size_t n) {
    if (n > data_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += n;
    return v;
  }
  std::string_view rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

struct Header {
  char version = 0;
  uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

cedar::Result<Header> read_header(Reader& r) {
  Header h;
  if (r.be(4) != 0x545A6966) return cedar::Error{"not a TZif file (no \"TZif\" magic)"};  // "TZif"
  h.version = static_cast<char>(r.be(1));
  r.skip(15);
  h.isutcnt = static_cast<uint32_t>(r.be(4));
  h.isstdcnt = static_cast<uint32_t>(r.be(4));
  h.leapcnt = static_cast<uint32_t>(r.be(4));
  h.timecnt = static_cast<uint32_t>(r.be(4));
  h.typecnt = static_cast<uint32_t>(r.be(4));
  h.charcnt = static_cast<uint32_t>(r.be(4));
  if (!r.ok()) return cedar::Error{"TZif header is truncated"};
  if (h.typecnt == 0) return cedar::Error{"TZif file has no local time types"};
  return h;
}

// Days since 1970-01-01 of the first day of `year`.
int64_t year_start(int year) { return date_from_civil(year, 1, 1).days; }

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Local seconds since 1970 (in the offset in force before the change) at
// which `d` happens in `year`.
int64_t rule_local_seconds(const TimeZone::RuleDate& d, int year) {
  int64_t day = 0;
  switch (d.kind) {
    case TimeZone::RuleDate::Kind::Julian1: {  // 1..365, February 29 never counted
      int n = d.day;
      day = year_start(year) + n - 1 + ((leap(year) && n >= 60) ? 1 : 0);
      break;
    }
    case TimeZone::RuleDate::Kind::Julian0:  // 0..365, leap days counted
      day = year_start(year) + d.day;
      break;
    case TimeZone::RuleDate::Kind::MonthWeekDay: {
      int64_t first = date_from_civil(year, static_cast<unsigned>(d.month), 1).days;
      int first_wday = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
      int64_t candidate = first + ((d.weekday - first_wday + 7) % 7) + 7 * (d.week - 1);
      static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int month_days = kDays[d.month - 1] + ((d.month == 2 && leap(year)) ? 1 : 0);
      while (candidate >= first + month_days) candidate -= 7;  // week 5 = the last one
      day = candidate;
      break;
    }
  }
  return day * kDay + d.time;
}

int civil_year(int64_t seconds) {
  int64_t day = seconds >= 0 ? seconds / kDay : (seconds - kDay + 1) / kDay;
  std::string s = Date{static_cast<int32_t>(day)}.to_string();
  return std::atoi(s.substr(0, s.size() - 6).c_str());
}

// POSIX TZ parsing: names, offsets ("[+-]hh[:mm[:ss]]", positive = west) and
// rule dates.
class PosixParser {
 public:
  explicit PosixParser(std::string_view s) : s_(s) {}
  bool at_end() const { return i_ == s_.size(); }
  bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool eat(char c) {
    if (!peek(c)) return false;
    ++i_;
    return true;
  }
  bool name() {
    if (eat('<')) {
      while (i_ < s_.size() && s_[i_] != '>') ++i_;
      return eat('>');
    }
    size_t start = i_;
    while (i_ < s_.size() && ((s_[i_] >= 'A' && s_[i_] <= 'Z') || (s_[i_] >= 'a' && s_[i_] <= 'z')))
      ++i_;
    return i_ - start >= 3;
  }
  bool number(int& out, int max_digits) {
    size_t start = i_;
    out = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && i_ - start < size_t(max_digits)) {
      out = out * 10 + (s_[i_++] - '0');
    }
    return i_ > start;
  }
  // Seconds, positive as written (hh up to 167 for rule times).
  bool clock(int32_t& out) {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    int h = 0, m = 0, sec = 0;
    if (!number(h, 3)) return false;
    if (eat(':') && !number(m, 2)) return false;
    if (eat(':') && !number(sec, 2)) return false;
    out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool rule_date(TimeZone::RuleDate& d) {
    if (eat('M')) {
      d.kind = TimeZone::RuleDate::Kind::MonthWeekDay;
      if (!number(d.month, 2) || !eat('.') || !number(d.week, 1) || !eat('.') ||
          !number(d.weekday, 1))
        return false;
      if (d.month < 1 || d.month > 12 || d.week < 1 || d.week > 5 || d.weekday > 6) return false;
    } else if (eat('J')) {
      d.kind = TimeZone::RuleDate::Kind::Julian1;
      if (!number(d.day, 3) || d.day < 1 || d.day > 365) return false;
    } else {
      d.kind = TimeZone::RuleDate::Kind::Julian0;
      if (!number(d.day, 3) || d.day > 365) return false;
    }
    d.time = 2 * 3600;
    if (eat('/')) return clock(d.time);
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

cedar::Result<TimeZone::PosixRule> parse_posix_tz(std::string_view text) {
  PosixParser p(text);
  TimeZone::PosixRule rule;
  int32_t west = 0;
  auto bad = [&] { return cedar::Error{"bad POSIX TZ string \"" + std::string(text) + "\""}; };
  if (!p.name() || !p.clock(west)) return bad();
  rule.std_offset = -west;
  if (p.at_end()) return rule;
  if (!p.name()) return bad();
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!p.peek(',')) {
    int32_t dst_west = 0;
    if (!p.clock(dst_west)) return bad();
    rule.dst_offset = -dst_west;
  }
  if (!p.eat(',') || !p.rule_date(rule.start) || !p.eat(',') || !p.rule_date(rule.end) ||
      !p.at_end())
    return bad();
  return rule;
}

cedar::Result<TimeZone> TimeZone::parse(std::string_view tzif, std::string name) {
  Reader r(tzif);
  auto v1 = read_header(r);
  if (!v1) return v1.error();
  TimeZone tz;
  tz.name_ = std::move(name);
  size_t time_size = 4;
  Header h = *v1;
  if (h.version >= '2') {
    // Skip the v1 block; the 64-bit block after the second header is used.
    r.skip(size_t{h.timecnt} * 5 + size_t{h.typecnt} * 6 + h.charcnt + size_t{h.leapcnt} * 8 +
           h.isstdcnt + h.isutcnt);
    auto v2 = read_header(r);
    if (!v2) return v2.error();
    h = *v2;
    time_size = 8;
  }
  tz.transitions_.reserve(h.timecnt);
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    uint64_t raw = r.be(time_size);
    tz.transitions_.push_back(time_size == 8 ? static_cast<int64_t>(raw)
                                             : static_cast<int64_t>(static_cast<int32_t>(raw)));
  }
  for (uint32_t i = 0; i < h.timecnt; ++i) {
    auto type = static_cast<uint8_t>(r.be(1));
    if (type >= h.typecnt) return cedar::Error{"TZif transition names a missing time type"};
    tz.transition_types_.push_back(type);
  }
  for (uint32_t i = 0; i < h.typecnt; ++i) {
    tz.type_offsets_.push_back(static_cast<int32_t>(static_cast<uint32_t>(r.be(4))));
    r.skip(2);  // isdst, designation index
  }
  r.skip(h.charcnt + size_t{h.leapcnt} * (time_size + 4) + h.isstdcnt + h.isutcnt);
  if (!r.ok()) return cedar::Error{"TZif data block is truncated"};
  if (!std::is_sorted(tz.transitions_.begin(), tz.transitions_.end()))
    return cedar::Error{"TZif transitions are not in ascending order"};
  if (time_size == 8) {
    std::string_view footer = r.rest();
    if (footer.size() < 2 || footer.front() != '\n') return cedar::Error{"TZif footer is missing"};
    size_t end = footer.find('\n', 1);
    if (end == std::string_view::npos) return cedar::Error{"TZif footer is not terminated"};
    std::string_view tz_string = footer.substr(1, end - 1);
    if (!tz_string.empty()) {
      auto rule = parse_posix_tz(tz_string);
      if (!rule) return rule.error();
      tz.footer_ = *rule;
      tz.has_footer_ = true;
    }
  }
  return tz;
}

cedar::Result<TimeZone> TimeZone::load(std::string_view name) {
  bool valid = !name.empty() && name.find("..") == std::string_view::npos && name.front() != '/';
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '+' || c == '/';
    valid = valid && ok;
  }
  if (!valid) return cedar::Error{"\"" + std::string(name) + "\" is not a time zone name"};
  const char* env = std::getenv("TZDIR");
  std::string dir = env && *env ? env : "/usr/share/zoneinfo";
  std::string path = dir + "/" + std::string(name);
  auto bytes = base::read_file(path);
  if (!bytes) {
    return cedar::Error{"time zone \"" + std::string(name) + "\": cannot read " + path +
                        " (install the tzdata package)"};
  }
  auto tz = parse(*bytes, std::string(name));
  if (!tz) return cedar::Error{path + ": " + tz.error().message};
  return tz;
}

int32_t TimeZone::footer_offset(int64_t t) const {
  if (!footer_.has_dst) return footer_.std_offset;
  int year = civil_year(t + footer_.std_offset);
  // The start is written in standard time, the end in daylight time.
  int64_t start = rule_local_seconds(footer_.start, year) - footer_.std_offset;
  int64_t end = rule_local_seconds(footer_.end, year) - footer_.dst_offset;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? footer_.dst_offset : footer_.std_offset;
}

int32_t TimeZone::offset_at(int64_t t) const {
  if (transitions_.empty() || t < transitions_.front()) {
    if (transitions_.empty() && has_footer_) return footer_offset(t);
    return type_offsets_.front();
  }
  if (t >= transitions_.back() && has_footer_) return footer_offset(t);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  return type_offsets_[transition_types_[static_cast<size_t>(it - transitions_.begin()) - 1]];
}

Date TimeZone::local_date(int64_t t) const {
  int64_t local = t + offset_at(t);
  int64_t day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  return Date{static_cast<int32_t>(day)};
}

}  // namespace trustgate::policy
