// Tests for Cedar's extension types and functions. Many cases are taken from
// the test modules of the Rust implementation (decimal.rs, ipaddr.rs,
// datetime.rs), whose behaviour generated our conformance corpus.
#include "cedar/extensions.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cedar/extension_values.h"
#include "cedar/value.h"

namespace cedar {
namespace {

// Applies `name` (a function's source name) to `args`.
Result<Value> call(const char* name, std::vector<Value> args) {
  auto info = find_extension_function(name);
  if (!info) return Error{std::string("no such function ") + name};
  return call_extension(info->fn, args.data(), args.size());
}

// A constructor call that must succeed.
Value make(const char* ctor, const std::string& arg) {
  auto r = call(ctor, {Value::string(arg)});
  EXPECT_TRUE(r.ok()) << ctor << "(\"" << arg << "\"): " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Value();
}

Value dec(const std::string& s) { return make("decimal", s); }
Value ip(const std::string& s) { return make("ip", s); }
Value dt(const std::string& s) { return make("datetime", s); }
Value dur(const std::string& s) { return make("duration", s); }
Value dt_ms(int64_t ms) { return Value::extension(Datetime{ms}); }
Value dur_ms(int64_t ms) { return Value::extension(Duration{ms}); }

// The boolean result of a call that must succeed with a bool.
bool truth(const char* name, std::vector<Value> args) {
  auto r = call(name, std::move(args));
  EXPECT_TRUE(r.ok() && r->is_bool())
      << name << ": " << (r.ok() ? "not a bool" : r.error().message);
  return r.ok() && r->is_bool() && r->as_bool();
}

int64_t integer(const char* name, std::vector<Value> args) {
  auto r = call(name, std::move(args));
  EXPECT_TRUE(r.ok() && r->is_long()) << name;
  return r.ok() && r->is_long() ? r->as_long() : 0;
}

int64_t ms_of(const Value& v) {
  const auto& e = v.as_extension();
  if (const auto* d = std::get_if<Datetime>(&e)) return d->ms;
  return std::get<Duration>(e).ms;
}

// The string argument inside a rendering of the form fn("arg").
std::string arg_of(const std::string& rendered) {
  size_t open = rendered.find("(\"");
  return rendered.substr(open + 2, rendered.size() - open - 4);
}

// Every string in `bad` is rejected by `parse` and by the constructor.
template <class Parse>
void expect_rejected(Parse parse, const char* ctor, std::initializer_list<const char*> bad) {
  for (const char* s : bad) {
    EXPECT_FALSE(parse(s)) << ctor << "(\"" << s << "\")";
    EXPECT_FALSE(call(ctor, {Value::string(s)}).ok()) << ctor << "(\"" << s << "\")";
  }
}

// --- the function table ----------------------------------------------------

TEST(ExtensionTable, LookupByNameRoundTrips) {
  for (int i = 0; i <= static_cast<int>(ExtensionFunction::ToDays); ++i) {
    auto fn = static_cast<ExtensionFunction>(i);
    const ExtensionFunctionInfo& info = extension_function_info(fn);
    EXPECT_EQ(info.fn, fn);
    auto found = find_extension_function(info.name);
    ASSERT_TRUE(found.has_value()) << info.name;
    EXPECT_EQ(found->fn, fn);
  }
  EXPECT_FALSE(find_extension_function("ipaddr"));
  EXPECT_FALSE(find_extension_function("Decimal"));
  EXPECT_FALSE(find_extension_function(""));
  EXPECT_FALSE(find_extension_function("isInRange2"));
}

TEST(ExtensionTable, ConstructorsAndArity) {
  for (const char* c : {"decimal", "ip", "datetime", "duration"}) {
    auto info = find_extension_function(c);
    ASSERT_TRUE(info);
    EXPECT_TRUE(info->is_constructor) << c;
    EXPECT_EQ(info->arity, 1u) << c;
  }
  for (const char* m : {"lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
                        "isInRange", "offset", "durationSince"}) {
    EXPECT_FALSE(find_extension_function(m)->is_constructor) << m;
    EXPECT_EQ(find_extension_function(m)->arity, 2u) << m;
  }
  for (const char* m : {"isIpv4", "isIpv6", "isLoopback", "isMulticast", "toDate", "toTime",
                        "toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays"}) {
    EXPECT_FALSE(find_extension_function(m)->is_constructor) << m;
    EXPECT_EQ(find_extension_function(m)->arity, 1u) << m;
  }
}

TEST(ExtensionTable, TypeNames) {
  EXPECT_STREQ(extension_type_name(Decimal{}), "decimal");
  EXPECT_STREQ(extension_type_name(IpAddr{}), "ipaddr");
  EXPECT_STREQ(extension_type_name(Datetime{}), "datetime");
  EXPECT_STREQ(extension_type_name(Duration{}), "duration");
}

// --- call_extension errors -------------------------------------------------

TEST(CallExtension, WrongArgumentCountIsAnError) {
  EXPECT_FALSE(call("decimal", {}).ok());
  EXPECT_FALSE(call("decimal", {Value::string("1.0"), Value::string("1.0")}).ok());
  EXPECT_FALSE(call("lessThan", {dec("1.0")}).ok());
  EXPECT_FALSE(call("isIpv4", {ip("1.2.3.4"), ip("1.2.3.4")}).ok());
  // Multi-argument isInRange is a non-default Rust feature; Lean rejects it.
  EXPECT_FALSE(call("isInRange", {ip("1.2.3.4"), ip("1.0.0.0/8"), ip("1.0.0.0/8")}).ok());
  EXPECT_FALSE(call("toDate", {dt("2024-10-28"), Value::integer(1)}).ok());
  EXPECT_FALSE(call("toTime", {}).ok());
}

TEST(CallExtension, WrongArgumentKindIsAnError) {
  EXPECT_FALSE(call("decimal", {Value::integer(1)}).ok());
  EXPECT_FALSE(call("ip", {Value::boolean(true)}).ok());
  EXPECT_FALSE(call("datetime", {Value::integer(0)}).ok());
  EXPECT_FALSE(call("duration", {dur("1h")}).ok());
  EXPECT_FALSE(call("lessThan", {dec("-1.23"), Value::string("1.23")}).ok());
  EXPECT_FALSE(call("lessThan", {Value::string("1.23"), dec("1.23")}).ok());
  EXPECT_FALSE(call("greaterThan", {dec("1.0"), ip("1.2.3.4")}).ok());
  EXPECT_FALSE(call("isIpv4", {Value::string("127.0.0.1")}).ok());
  EXPECT_FALSE(call("isLoopback", {dec("1.0")}).ok());
  EXPECT_FALSE(call("isInRange", {ip("1.2.3.4"), Value::string("1.0.0.0/8")}).ok());
  EXPECT_FALSE(call("offset", {dt("2024-10-28"), Value::string("7h")}).ok());
  EXPECT_FALSE(call("offset", {dt("2024-10-28"), dt("2024-10-28")}).ok());
  EXPECT_FALSE(call("offset", {dur("1h"), dur("1h")}).ok());
  EXPECT_FALSE(call("durationSince", {dt("2024-10-28"), Value::string("7h")}).ok());
  EXPECT_FALSE(call("durationSince", {dt("2024-10-28"), dur("1h")}).ok());
  EXPECT_FALSE(call("toDate", {dur("1h")}).ok());
  EXPECT_FALSE(call("toTime", {Value::integer(5)}).ok());
  EXPECT_FALSE(call("toDays", {dt("2024-10-28")}).ok());
  EXPECT_FALSE(call("toMilliseconds", {Value::integer(5)}).ok());
  auto r = call("isIpv4", {Value::string("127.0.0.1")});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("type error"), std::string::npos) << r.error().message;
}

TEST(CallExtension, ParseFailureIsAnError) {
  for (const char* c : {"decimal", "ip", "datetime", "duration"}) {
    EXPECT_FALSE(call(c, {Value::string("")}).ok()) << c;
    EXPECT_FALSE(call(c, {Value::string("nonsense")}).ok()) << c;
  }
}

TEST(CallExtension, ResultKinds) {
  EXPECT_TRUE(dec("1.0").is_extension());
  EXPECT_TRUE(call("lessThan", {dec("1.0"), dec("2.0")})->is_bool());
  EXPECT_TRUE(call("isIpv4", {ip("1.2.3.4")})->is_bool());
  EXPECT_TRUE(
      std::holds_alternative<Datetime>(call("offset", {dt_ms(0), dur_ms(1)})->as_extension()));
  EXPECT_TRUE(std::holds_alternative<Duration>(call("toTime", {dt_ms(0)})->as_extension()));
  EXPECT_TRUE(call("toDays", {dur_ms(0)})->is_long());
}

// --- decimal ------------------------------------------------------------------

TEST(Decimal, ParsesValidStrings) {
  EXPECT_EQ(parse_decimal("1.0")->scaled, 10000);
  EXPECT_EQ(parse_decimal("-1.0")->scaled, -10000);
  EXPECT_EQ(parse_decimal("123.456")->scaled, 1234560);
  EXPECT_EQ(parse_decimal("0.1234")->scaled, 1234);
  EXPECT_EQ(parse_decimal("-0.0123")->scaled, -123);
  EXPECT_EQ(parse_decimal("55.1")->scaled, 551000);
  EXPECT_EQ(parse_decimal("00.000")->scaled, 0);  // "weird, but ok" in Rust
  EXPECT_EQ(parse_decimal("-0.0")->scaled, 0);
  EXPECT_EQ(parse_decimal("-0.5")->scaled, -5000);
  EXPECT_EQ(parse_decimal("0123.0")->scaled, 1230000);
  EXPECT_EQ(parse_decimal("000000000000000000000001.0")->scaled, 10000);
}

TEST(Decimal, Int64Edges) {
  // Both ends of the int64 range are accepted (as in Rust and Lean).
  EXPECT_EQ(parse_decimal("922337203685477.5807")->scaled, INT64_MAX);
  EXPECT_EQ(parse_decimal("-922337203685477.5808")->scaled, INT64_MIN);
  EXPECT_FALSE(parse_decimal("922337203685477.5808"));
  EXPECT_FALSE(parse_decimal("-922337203685477.5809"));
  EXPECT_FALSE(parse_decimal("-922337203685478.0"));
  EXPECT_FALSE(parse_decimal("922337203685478.0"));
  EXPECT_FALSE(parse_decimal("1000000000000000.0"));
  EXPECT_FALSE(parse_decimal("99999999999999999999999.0"));
  EXPECT_FALSE(parse_decimal("9223372036854775808.0"));
}

TEST(Decimal, RejectsMalformedStrings) {
  for (const char* s :
       {"",     "1234",    "1.0.",    "1.",      ".1",    "1.a",   "-.",         "-",    ".",
        "-1",   "0.12345", "0.00000", "1.23456", "+1.0",  " 1.0",  "1.0 ",       "1,0",  "--1.0",
        "1.-1", "1.+1",    "1e3.0",   "0x1.0",   "1_0.0", "1.0_0", "\xd9\xa1.0", "1..0", "1.0\n"}) {
    EXPECT_FALSE(parse_decimal(s)) << s;
    EXPECT_FALSE(call("decimal", {Value::string(s)}).ok()) << s;
  }
}

TEST(Decimal, EqualityIsByValue) {
  EXPECT_EQ(dec("123.0"), dec("123.0000"));
  EXPECT_EQ(dec("123.0"), dec("0123.0"));
  EXPECT_EQ(dec("0.0"), dec("-0.0"));
  EXPECT_NE(dec("123.0"), dec("123.456"));
  EXPECT_NE(dec("-0.23"), dec("0.23"));
  EXPECT_NE(dec("123.0"), Value::string("123.0"));
}

TEST(Decimal, Comparisons) {
  // Strictly increasing; every pair is checked with all four operators.
  const char* sorted[] = {"-922337203685477.5808",
                          "-1.24",
                          "-1.23",
                          "-1.0000",
                          "-0.9999",
                          "-0.23",
                          "-0.0023",
                          "-0.0001",
                          "0.0",
                          "1.23",
                          "1.24",
                          "123.45",
                          "922337203685477.5807"};
  for (size_t i = 0; i < std::size(sorted); ++i) {
    for (size_t j = 0; j < std::size(sorted); ++j) {
      Value a = dec(sorted[i]), b = dec(sorted[j]);
      EXPECT_EQ(truth("lessThan", {a, b}), i < j) << sorted[i] << " " << sorted[j];
      EXPECT_EQ(truth("lessThanOrEqual", {a, b}), i <= j) << sorted[i] << " " << sorted[j];
      EXPECT_EQ(truth("greaterThan", {a, b}), i > j) << sorted[i] << " " << sorted[j];
      EXPECT_EQ(truth("greaterThanOrEqual", {a, b}), i >= j) << sorted[i] << " " << sorted[j];
    }
  }
  EXPECT_FALSE(truth("lessThan", {dec("1.5"), dec("1.50")}));
  EXPECT_TRUE(truth("greaterThanOrEqual", {dec("1.5"), dec("1.50")}));
}

TEST(Decimal, Rendering) {
  EXPECT_EQ(dec("1.23").to_string(), "decimal(\"1.2300\")");
  EXPECT_EQ(dec("-0.0123").to_string(), "decimal(\"-0.0123\")");
  EXPECT_EQ(dec("-0.0").to_string(), "decimal(\"0.0000\")");
  EXPECT_EQ(dec("123.4560").to_string(), "decimal(\"123.4560\")");
  EXPECT_EQ(extension_to_string(Decimal{INT64_MIN}), "decimal(\"-922337203685477.5808\")");
  EXPECT_EQ(extension_to_string(Decimal{INT64_MAX}), "decimal(\"922337203685477.5807\")");
  EXPECT_EQ(extension_to_string(Decimal{-1}), "decimal(\"-0.0001\")");
  std::mt19937_64 rng(7);
  std::vector<int64_t> samples = {0, 1, -1, 9999, 10000, -10000, INT64_MIN, INT64_MAX};
  for (int i = 0; i < 2000; ++i) samples.push_back(static_cast<int64_t>(rng()) >> (i % 60));
  for (int64_t v : samples) {
    auto back = parse_decimal(arg_of(extension_to_string(Decimal{v})));
    ASSERT_TRUE(back) << v;
    EXPECT_EQ(back->scaled, v);
  }
}

// --- ipaddr -------------------------------------------------------------------

IpAddr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t prefix = 32) {
  IpAddr r;
  r.bytes[0] = a, r.bytes[1] = b, r.bytes[2] = c, r.bytes[3] = d;
  r.prefix = prefix;
  return r;
}

TEST(IpAddr, ParsesIpv4) {
  EXPECT_EQ(*parse_ip("127.0.0.1"), v4(127, 0, 0, 1));
  EXPECT_EQ(*parse_ip("0.0.0.0/0"), v4(0, 0, 0, 0, 0));
  EXPECT_EQ(*parse_ip("255.255.255.255/32"), v4(255, 255, 255, 255));
  // Host bits are kept as written.
  EXPECT_EQ(*parse_ip("10.1.2.3/8"), v4(10, 1, 2, 3, 8));
  EXPECT_EQ(*parse_ip("127.0.0.1/0"), v4(127, 0, 0, 1, 0));
}

TEST(IpAddr, ParsesIpv6) {
  auto a = parse_ip("::1");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->v6);
  EXPECT_EQ(a->prefix, 128);
  EXPECT_EQ(a->bytes[15], 1);
  auto b = parse_ip("FFEE:1:22:333:4444:a:bB:Cc/64");
  ASSERT_TRUE(b);
  std::array<uint8_t, 16> want = {0xff, 0xee, 0, 1,   0, 0x22, 0x3, 0x33,
                                  0x44, 0x44, 0, 0xa, 0, 0xbb, 0,   0xcc};
  EXPECT_EQ(b->bytes, want);
  EXPECT_EQ(b->prefix, 64);
  EXPECT_EQ(*parse_ip("1:2:3:4:5:6:7::"), *parse_ip("1:2:3:4:5:6:7:0"));
  EXPECT_EQ(*parse_ip("::2:3:4:5:6:7:8"), *parse_ip("0:2:3:4:5:6:7:8"));
  EXPECT_EQ(*parse_ip("1::8"), *parse_ip("1:0:0:0:0:0:0:8"));
  EXPECT_EQ(*parse_ip("1:2:3:4:5:6::8"), *parse_ip("1:2:3:4:5:6:0:8"));
  EXPECT_EQ(*parse_ip("0000:0000::0000:0001"), *parse_ip("::1"));
  for (const char* s : {"::", "::/0", "::/128", "ffee::/0", "ffee::/128", "::ffff:ff00:1",
                        "0000:0000:0000:0000:0000:0000:0000:0000/128"}) {
    EXPECT_TRUE(parse_ip(s)) << s;
  }
}

TEST(IpAddr, RejectsMalformed) {
  expect_rejected(parse_ip, "ip",
                  {"", "?", "380.0.0.1", "256.0.0.0", "ab.ab.ab.ab", "foo::1", "1.2.3", "1.2.3.4.5",
                   "1.2.3.", ".1.2.3", "1.2.3.4.", "01.2.3.4", "1.2.3.04", "1.2.3.00"});
  expect_rejected(parse_ip, "ip",
                  {"1.2.3.0004", "1.2.3.-4", "+1.2.3.4", " 1.2.3.4", "1.2.3.4 ", "1.2..3",
                   "127.0.0.1/8/24", "172.0.0.1/64", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1",
                   "1.2.3.4/+1", "1.2.3.4/08", "1.2.3.4/00"});
  expect_rejected(parse_ip, "ip",
                  {"1.2.3.4/032", "1.2.3.4/ 8", "/8", "fee::/64::1", "ffee::/132", "ffee::/129",
                   "ffee::/+1", "ffee::/01", "ffee::/1234", "ffee::/", "::ffff:127.0.0.1",
                   "::127.0.0.1", "::ffff:192.168.0.0/112", "1:2:3:4:5:6:1.2.3.4"});
  expect_rejected(parse_ip, "ip",
                  {"12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                   "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::8", "1::2::3",
                   ":::", "1:::2", ":1::", "::1:", "1:2:3:4:5:6:7:8:", ":1:2:3:4:5:6:7:8", "g::"});
  expect_rejected(parse_ip, "ip",
                  {"::/", "[::1]", "fe80::1%eth0", "0x1::", "1.2.3.4:80",
                   "0000:0000:0000:0000:0000:0000:0000:00000/12"});
}

TEST(IpAddr, EqualityComparesAddressAndPrefix) {
  EXPECT_EQ(ip("127.0.0.1"), ip("127.0.0.1"));
  EXPECT_NE(ip("192.168.0.1"), ip("8.8.8.8"));
  EXPECT_NE(ip("127.0.0.1"), ip("::1"));
  EXPECT_NE(ip("127.0.0.1"), Value::string("127.0.0.1"));
  EXPECT_NE(ip("127.0.0.1"), ip("192.168.0.1/24"));
  EXPECT_EQ(ip("10.0.0.0/32"), ip("10.0.0.0"));
  EXPECT_NE(ip("10.0.0.0/24"), ip("10.0.0.0"));
  EXPECT_NE(ip("10.0.0.0/24"), ip("10.0.0.1/24"));  // not normalized
  EXPECT_NE(ip("10.0.0.1/24"), ip("10.0.0.1/29"));
  EXPECT_EQ(ip("::1/128"), ip("0:0:0:0:0:0:0:1"));
  EXPECT_NE(ip("::ffff:7f00:1"), ip("127.0.0.1"));
}

TEST(IpAddr, Version) {
  EXPECT_TRUE(truth("isIpv4", {ip("127.0.0.1")}));
  EXPECT_FALSE(truth("isIpv4", {ip("::1")}));
  EXPECT_FALSE(truth("isIpv4", {ip("::ffff:ff00:1")}));
  EXPECT_TRUE(truth("isIpv6", {ip("::1")}));
  EXPECT_TRUE(truth("isIpv6", {ip("::ffff:ff00:1")}));
  EXPECT_FALSE(truth("isIpv6", {ip("127.0.0.1/24")}));
  EXPECT_TRUE(truth("isIpv6", {ip("ffee::/64")}));
}

TEST(IpAddr, Loopback) {
  for (const char* s : {"127.0.0.2", "127.255.255.255", "127.0.0.1/8", "::1"}) {
    EXPECT_TRUE(truth("isLoopback", {ip(s)})) << s;
  }
  for (const char* s :
       {"127.0.0.1/7", "127.255.200.200/0", "128.0.0.1", "::1/127", "::2", "::", "::ffff:7f00:1"}) {
    EXPECT_FALSE(truth("isLoopback", {ip(s)})) << s;
  }
  // "::ffff:7f00:1" above: an IPv4-mapped address is IPv6, not 127.0.0.1.
}

TEST(IpAddr, Multicast) {
  for (const char* s :
       {"228.228.228.0", "224.0.0.0", "239.255.255.255", "224.0.0.0/4", "224.0.0.0/5", "ff00::/8",
        "ff00::/9", "ff00::2", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
    EXPECT_TRUE(truth("isMulticast", {ip(s)})) << s;
  }
  for (const char* s : {"240.0.0.0", "223.255.255.255", "224.0.0.0/3", "127.0.0.1", "127.0.0.1/1",
                        "ff00::/7", "fe00::"}) {
    EXPECT_FALSE(truth("isMulticast", {ip(s)})) << s;
  }
}

TEST(IpAddr, InRange) {
  // Each case is "A in B"; includes prefixes that split the two 64-bit
  // halves of an IPv6 address.
  auto check = [](std::string c, bool want) {
    size_t sp = c.find(" in ");
    Value a = ip(c.substr(0, sp)), b = ip(c.substr(sp + 4));
    EXPECT_EQ(truth("isInRange", {a, b}), want) << c;
  };
  for (const char* c : {"192.168.0.1/24 in 192.168.0.1/24", "192.168.0.1 in 192.168.0.1/28",
                        "192.168.0.10 in 192.168.0.1/24", "192.168.0.10 in 192.168.0.1/28",
                        "192.168.0.75 in 192.168.0.1/24", "192.168.0.1 in 192.168.0.1",
                        "1:2:3:4:: in 1:2:3:4::/48", "1:2:3:4:: in 1:2:3:4::/52"})
    check(c, true);
  for (const char* c :
       {"1:2:3:6:: in 1:2:3:4::/48", "1:2:3:6:: in 1:2:3:4::/52", "1:2:3:ffff:: in 1:2:3:4::/48",
        "1:2:3:4:: in 1:2:3:4::", "10.0.0.0 in 10.0.0.0/24", "10.0.0.0 in 10.0.0.0/32",
        "10.0.0.0 in 10.0.0.1/24", "10.0.0.1 in 10.0.0.0/24"})
    check(c, true);
  for (const char* c :
       {"10.0.0.0/32 in 10.0.0.0/24", "10.0.0.1/24 in 10.0.0.0/24", "10.0.0.1/24 in 10.0.0.1/24",
        "0.0.0.0/0 in 0.0.0.0/0", "255.255.255.255 in 0.0.0.0/0", "1.2.3.4 in 200.1.1.1/0",
        "::/0 in ::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff in ::/0"})
    check(c, true);
  for (const char* c : {"1:2:3:4:8000:: in 1:2:3:4:8000::/65", "1:2:3:4:ffff::/80 in 1:2:3:4::/64"})
    check(c, true);
  for (const char* c :
       {"192.168.0.75 in 192.168.0.1/28", "1:2:3:ffff:: in 1:2:3:4::/52",
        "192.168.0.1 in 1:2:3:4::/48", "::ffff:c0a8:1 in 192.168.0.0/16", "10.0.0.0 in 10.0.0.1/32",
        "10.0.0.0/24 in 10.0.0.0/32", "10.0.0.0/8 in 10.0.0.0/9"})
    check(c, false);
  for (const char* c :
       {"0.0.0.0/0 in 128.0.0.0/1", "::/0 in ::/1", "1.2.3.4 in ::/0", ":: in 0.0.0.0/0",
        "1:2:3:4:7fff:: in 1:2:3:4:8000::/65", "1:2:3:4::/63 in 1:2:3:4::/64"})
    check(c, false);
}

TEST(IpAddr, Rendering) {
  EXPECT_EQ(ip("127.0.0.1").to_string(), "ip(\"127.0.0.1/32\")");
  EXPECT_EQ(ip("127.0.0.1/0").to_string(), "ip(\"127.0.0.1/0\")");
  EXPECT_EQ(ip("10.0.0.1/8").to_string(), "ip(\"10.0.0.1/8\")");
  EXPECT_EQ(ip("ffee::11").to_string(), "ip(\"ffee::11/128\")");
  EXPECT_EQ(ip("FFEE::/64").to_string(), "ip(\"ffee::/64\")");
  EXPECT_EQ(ip("::").to_string(), "ip(\"::/128\")");
  EXPECT_EQ(ip("::1").to_string(), "ip(\"::1/128\")");
  EXPECT_EQ(ip("1:2:3:4:5:6:7:0").to_string(), "ip(\"1:2:3:4:5:6:7:0/128\")");
  EXPECT_EQ(ip("1:0:2:3:4:5:6:7").to_string(), "ip(\"1:0:2:3:4:5:6:7/128\")");
  EXPECT_EQ(ip("1:0:0:2:0:0:0:3").to_string(), "ip(\"1:0:0:2::3/128\")");
  EXPECT_EQ(ip("1:0:0:2:0:0:3:4").to_string(), "ip(\"1::2:0:0:3:4/128\")");
  EXPECT_EQ(ip("0001:00a0:0b00:c000::").to_string(), "ip(\"1:a0:b00:c000::/128\")");
  // Rust would print "::ffff:1.2.3.4", which ip() rejects.
  EXPECT_EQ(ip("::ffff:102:304").to_string(), "ip(\"::ffff:102:304/128\")");
  std::mt19937_64 rng(11);
  for (int i = 0; i < 3000; ++i) {
    IpAddr a;
    a.v6 = i % 2;
    for (size_t b = 0; b < (a.v6 ? 16u : 4u); ++b) {
      // Plenty of zero bytes, so that "::" runs of every length occur.
      a.bytes[b] = rng() % 3 == 0 ? static_cast<uint8_t>(rng()) : 0;
    }
    a.prefix = static_cast<uint8_t>(rng() % (a.v6 ? 129 : 33));
    auto back = parse_ip(arg_of(extension_to_string(a)));
    ASSERT_TRUE(back) << extension_to_string(a);
    EXPECT_EQ(*back, a) << extension_to_string(a);
  }
}

// --- datetime -------------------------------------------------------------------

TEST(Datetime, ParsesAllShapes) {
  EXPECT_EQ(parse_datetime("1970-01-01")->ms, 0);
  EXPECT_EQ(parse_datetime("2024-10-28")->ms, 1730073600000);
  EXPECT_EQ(parse_datetime("2024-10-28T01:22:33.456Z")->ms, 1730078553456);
  EXPECT_EQ(parse_datetime("2024-10-28T10:12:13.456-0700")->ms, 1730135533456);
  EXPECT_EQ(parse_datetime("2024-10-15T11:38:02Z")->ms,
            parse_datetime("2024-10-15")->ms + 41882000);
  // Offsets are subtracted: 11:38:02+1134 is 00:04:02Z.
  int64_t day = parse_datetime("2024-10-15")->ms;
  EXPECT_EQ(parse_datetime("2024-10-15T11:38:02.101+1134")->ms, day + 242101);
  EXPECT_EQ(parse_datetime("2024-10-15T11:38:02.101-1134")->ms, day + 83522101);
  EXPECT_EQ(parse_datetime("2024-10-15T11:38:02+1134")->ms, day + 242000);
  EXPECT_EQ(parse_datetime("2024-10-15T11:38:02-1134")->ms, day + 83522000);
  EXPECT_EQ(parse_datetime("2024-10-15T23:59:00+2359")->ms, day);
  EXPECT_EQ(parse_datetime("2024-10-15T00:00:00-2359")->ms, day + 86340000);
  EXPECT_EQ(parse_datetime("2024-10-15T00:00:00+0000")->ms, day);
  EXPECT_EQ(parse_datetime("2024-10-15T00:00:00-0000")->ms, day);
  EXPECT_EQ(parse_datetime("2024-10-15T00:00:00.000Z")->ms, day);
}

TEST(Datetime, CalendarEdges) {
  EXPECT_EQ(parse_datetime("1969-12-31")->ms, -86400000);
  EXPECT_EQ(parse_datetime("1969-12-31T23:59:59.999Z")->ms, -1);
  EXPECT_EQ(parse_datetime("1900-01-01")->ms, -2208988800000);
  EXPECT_EQ(parse_datetime("0000-01-01")->ms, -62167219200000);
  EXPECT_EQ(parse_datetime("0000-01-01T00:00:00+2359")->ms, -62167219200000 - 86340000);
  EXPECT_EQ(parse_datetime("9999-12-31T23:59:59.999Z")->ms, 253402300799999);
  EXPECT_EQ(parse_datetime("9999-12-31T23:59:59.999-2359")->ms, 253402300799999 + 86340000);
  EXPECT_EQ(parse_datetime("2000-03-01")->ms - parse_datetime("2000-02-28")->ms, 2 * 86400000);
  EXPECT_TRUE(parse_datetime("2024-02-29"));
  EXPECT_TRUE(parse_datetime("2000-02-29"));
  EXPECT_TRUE(parse_datetime("0000-02-29"));  // year 0 is a leap year
  EXPECT_FALSE(parse_datetime("1900-02-29"));
  EXPECT_FALSE(parse_datetime("2025-02-29"));
}

TEST(Datetime, RejectsMalformed) {
  expect_rejected(
      parse_datetime, "datetime",
      {"", "a", "-", "-1", "11-12-13", "1111-1x-20", "2024-10-15Z", "2024-10-15T11:38:02ZZ",
       "0000-0a-01", "10000-01-01", "10000-01-01T00:00:00Z", "-2024-01-01"});
  expect_rejected(
      parse_datetime, "datetime",
      {"+2024-01-01", "2024-00-01", "2024-01-00", "2024-02-30", "2025-02-29", "2024-20-01",
       "2024-01-32", "2024-01-99", "2024-04-31", "2024-1-01", "2024-01-1", "2024/01/01"});
  expect_rejected(parse_datetime, "datetime",
                  {"2024-01-01 ", "2024-01-01T", "2024-01-01Ta",
                   "2024-01-01T01:", "2024-01-01T01:02", "2024-01-01T01:02:0b",
                   "2024-01-01T01::02:03", "2024-01-01T01::02::03", "2024-01-01T31:02:03Z",
                   "2024-01-01T24:00:00Z", "2024-01-01T01:60:03Z", "2016-12-31T23:59:60Z"});
  expect_rejected(
      parse_datetime, "datetime",
      {"2016-12-31T23:59:61Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00T",
       "2024-01-01T00:00:00ZZ", "2024-01-01T00:00:00x001Z", "2024-01-01T00:00:00.001ZZ",
       "2024-01-01T00:00:00\u27950000", "2024-01-01T00:00:00.0001Z", "2024-01-01T00:00:00.01Z",
       "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.001", "2024-01-01T00:00:00.001+00000"});
  expect_rejected(
      parse_datetime, "datetime",
      {"2024-01-01T00:00:00.001-00000", "2024-01-01T00:00:00+000", "2024-01-01T00:00:00+00:00",
       "2024-01-01T00:00:00z", "2016-12-31T00:00:00+1160", "2016-12-31T00:00:00+1199",
       "2016-12-31T00:00:00+2400", "2016-12-31T00:00:00-2400", "2024-01-01t00:00:00Z",
       "2024-01-01T0:00:00Z", "2024-01-01T00:00:00.-01Z"});
}

TEST(Datetime, OffsetAndDurationSince) {
  EXPECT_EQ(*call("offset", {dt_ms(0), dur("1d")}), dt("1970-01-02"));
  EXPECT_EQ(*call("offset", {dt_ms(0), dur("-1d")}), dt("1969-12-31"));
  EXPECT_EQ(*call("offset", {dt("2024-10-28T10:12:13.456-0700"), dur("-7h")}),
            dt("2024-10-28T10:12:13.456Z"));
  EXPECT_EQ(*call("offset", {dt("2024-10-28T10:12:13.456+0700"), dur("7h")}),
            dt("2024-10-28T10:12:13.456Z"));
  EXPECT_EQ(*call("offset", {dt_ms(INT64_MAX), dur("-1ms")}), dt_ms(INT64_MAX - 1));
  EXPECT_FALSE(call("offset", {dt_ms(INT64_MAX), dur("1ms")}).ok());
  EXPECT_FALSE(call("offset", {dt_ms(INT64_MIN), dur("-1ms")}).ok());
  EXPECT_EQ(*call("offset", {dt_ms(INT64_MIN), dur("1ms")}), dt_ms(INT64_MIN + 1));

  EXPECT_EQ(*call("durationSince", {dt("2024-10-24"), dt_ms(0)}), dur("20020d"));
  EXPECT_EQ(*call("durationSince", {dt("2024-10-23"), dt("2024-10-24")}), dur("-1d"));
  EXPECT_EQ(
      *call("durationSince", {dt("2024-10-28T10:12:13.456+0700"), dt("2024-10-28T10:12:13.456Z")}),
      dur("-7h"));
  EXPECT_EQ(
      *call("durationSince", {dt("2024-10-28T10:12:13.456-0700"), dt("2024-10-28T10:12:13.456Z")}),
      dur("7h"));
  EXPECT_FALSE(call("durationSince", {dt("2024-10-24"), dt_ms(INT64_MIN)}).ok());
  EXPECT_FALSE(call("durationSince", {dt_ms(INT64_MIN), dt_ms(1)}).ok());
  EXPECT_EQ(*call("durationSince", {dt_ms(INT64_MIN), dt_ms(0)}), dur_ms(INT64_MIN));
}

TEST(Datetime, ToDateFloorsToTheDay) {
  const Value days[] = {dt("2024-10-24"), dt("2024-10-23"), dt_ms(0), dt("1900-01-01"),
                        dt("0000-01-01")};
  for (const Value& d : days) {
    EXPECT_EQ(*call("toDate", {d}), d);
    Value late = *call("offset", {d, dur("23h59m59s999ms")});
    EXPECT_EQ(*call("toDate", {late}), d);
    Value early = *call("offset", {d, dur("-23h59m59s999ms")});
    EXPECT_EQ(*call("toDate", {early}), *call("offset", {d, dur("-1d")}));
  }
  EXPECT_EQ(*call("toDate", {dt_ms(-1)}), dt_ms(-86400000));
  EXPECT_EQ(*call("toDate", {dt_ms(-86400000)}), dt_ms(-86400000));
  EXPECT_EQ(*call("toDate", {dt_ms(-86400001)}), dt_ms(-2 * 86400000));
  EXPECT_EQ(*call("toDate", {dt("2024-10-28T10:12:13.456+0700")}), dt("2024-10-28"));
  EXPECT_EQ(*call("toDate", {dt("2024-10-28T10:12:13.456-0700")}), dt("2024-10-28"));
  EXPECT_EQ(*call("toDate", {dt_ms(INT64_MAX)}), dt_ms(INT64_MAX - INT64_MAX % 86400000));
  EXPECT_FALSE(call("toDate", {dt_ms(INT64_MIN)}).ok());  // the floor is below INT64_MIN
}

TEST(Datetime, ToTimeIsWithinTheDay) {
  const Value days[] = {dt("2024-10-24"), dt_ms(0), dt("1900-01-01")};
  for (const Value& d : days) {
    EXPECT_EQ(*call("toTime", {*call("offset", {d, dur("23h59m59s999ms")})}),
              dur("23h59m59s999ms"));
    EXPECT_EQ(*call("toTime", {*call("offset", {d, dur("-23h59m59s999ms")})}), dur("1ms"));
    EXPECT_EQ(*call("toTime", {d}), dur_ms(0));
  }
  EXPECT_EQ(*call("toTime", {dt("2024-10-28T10:12:13.456+0700")}), dur("3h12m13s456ms"));
  EXPECT_EQ(*call("toTime", {dt("2024-10-28T10:12:13.456-0700")}), dur("17h12m13s456ms"));
  EXPECT_EQ(*call("toTime", {dt_ms(-1)}), dur_ms(86399999));
  EXPECT_EQ(*call("toTime", {dt_ms(INT64_MIN)}), dur_ms(INT64_MIN % 86400000 + 86400000));
  EXPECT_EQ(*call("toTime", {dt_ms(INT64_MAX)}), dur_ms(INT64_MAX % 86400000));
}

TEST(Datetime, Ordering) {
  // The evaluator compares with operator<=> on the payload.
  EXPECT_LT(std::get<Datetime>(dt("1900-01-01").as_extension()),
            std::get<Datetime>(dt_ms(0).as_extension()));
  EXPECT_GT(std::get<Datetime>(dt("2024-10-28T10:12:13.456-0700").as_extension()),
            std::get<Datetime>(dt("2024-10-28T10:12:13.456Z").as_extension()));
}

TEST(Datetime, Rendering) {
  EXPECT_EQ(dt("2024-10-28").to_string(), "datetime(\"2024-10-28T00:00:00.000Z\")");
  EXPECT_EQ(dt("2024-10-28T10:12:13.456-0700").to_string(),
            "datetime(\"2024-10-28T17:12:13.456Z\")");
  EXPECT_EQ(dt_ms(-1).to_string(), "datetime(\"1969-12-31T23:59:59.999Z\")");
  EXPECT_EQ(dt("0000-01-01").to_string(), "datetime(\"0000-01-01T00:00:00.000Z\")");
  EXPECT_EQ(dt("9999-12-31T23:59:59.999Z").to_string(), "datetime(\"9999-12-31T23:59:59.999Z\")");
  // Outside years 0000..9999 no datetime string exists; Rust's form is used.
  EXPECT_EQ(dt_ms(253402300800000).to_string(),
            "datetime(\"1970-01-01\").offset(duration(\"2932897d\"))");
  EXPECT_EQ(dt_ms(INT64_MIN).to_string(),
            "datetime(\"1970-01-01\").offset(duration(\"-106751991167d7h12m55s808ms\"))");
  std::mt19937_64 rng(5);
  for (int i = 0; i < 3000; ++i) {
    // Uniform over years 0000..9999.
    int64_t ms = -62167219200000 + static_cast<int64_t>(rng() % 315569520000000ULL);
    auto back = parse_datetime(arg_of(extension_to_string(Datetime{ms})));
    ASSERT_TRUE(back) << ms;
    EXPECT_EQ(back->ms, ms);
  }
}

// --- duration -------------------------------------------------------------------

TEST(Duration, Parses) {
  EXPECT_EQ(parse_duration("1h")->ms, 3600000);
  EXPECT_EQ(parse_duration("-10h")->ms, -36000000);
  EXPECT_EQ(parse_duration("5d3ms")->ms, 5 * 86400000LL + 3);
  EXPECT_EQ(parse_duration("-3h5m")->ms, -(3 * 3600000 + 5 * 60000));
  EXPECT_EQ(parse_duration("1d2h3m4s5ms")->ms, 86400000 + 2 * 3600000 + 3 * 60000 + 4000 + 5);
  EXPECT_EQ(parse_duration("-1d")->ms, -86400000);
  EXPECT_EQ(parse_duration("0ms")->ms, 0);
  EXPECT_EQ(parse_duration("-0s")->ms, 0);
  EXPECT_EQ(parse_duration("1m")->ms, 60000);
  EXPECT_EQ(parse_duration("1ms")->ms, 1);
  EXPECT_EQ(parse_duration("1m1ms")->ms, 60001);
  EXPECT_EQ(parse_duration("1m1s")->ms, 61000);
  EXPECT_EQ(parse_duration("007s")->ms, 7000);
  EXPECT_EQ(parse_duration("0000000000000000000000000000001ms")->ms, 1);
  EXPECT_EQ(parse_duration("25h")->ms, 90000000);  // no carrying limits per unit
  EXPECT_EQ(parse_duration("1500ms")->ms, 1500);
}

TEST(Duration, Int64Edges) {
  EXPECT_EQ(parse_duration("9223372036854775807ms")->ms, INT64_MAX);
  EXPECT_EQ(parse_duration("-9223372036854775808ms")->ms, INT64_MIN);
  EXPECT_EQ(parse_duration("106751991167d7h12m55s807ms")->ms, INT64_MAX);
  EXPECT_EQ(parse_duration("-106751991167d7h12m55s808ms")->ms, INT64_MIN);
  EXPECT_FALSE(parse_duration("9223372036854775808ms"));
  EXPECT_FALSE(parse_duration("-9223372036854775809ms"));
  EXPECT_FALSE(parse_duration("106751991167d7h12m55s808ms"));
  EXPECT_FALSE(parse_duration("-106751991167d7h12m55s809ms"));
  EXPECT_EQ(parse_duration("106751991167d")->ms, 106751991167LL * 86400000);
  EXPECT_FALSE(parse_duration("106751991168d"));
  EXPECT_FALSE(parse_duration("-106751991168d"));
  EXPECT_FALSE(parse_duration("9223372036854775807s"));
  EXPECT_FALSE(parse_duration("18446744073709551616ms"));  // exceeds uint64
  EXPECT_FALSE(parse_duration("99999999999999999999999d"));
  EXPECT_FALSE(call("duration", {Value::string("9223372036854775808ms")}).ok());
}

TEST(Duration, RejectsMalformed) {
  expect_rejected(parse_duration, "duration",
                  {"", "a", "-", "-1", "1", "\u27961ms", "11dd", "00000mm", "-d", "-h", "-1hh",
                   "-h2d", "-ms", "d", "1ms1s", "1ms1m"});
  expect_rejected(parse_duration, "duration",
                  {"1ms1h", "0ms1d", "1s1m", "1s1h", "0s0d", "0m0h", "0m0d", "1h1d", "1ms1m1d",
                   "1d1d", "1h1h", "1ms1ms", "--1d", "+1d", "1d-2h", "1d 2h"});
  expect_rejected(parse_duration, "duration",
                  {" 1d", "1d ", "1.5h", "1D", "1H", "1y", "1w", "1us", "1ns", "1mss", "1sm", "1d2",
                   "-1d-1h", "1_000ms"});
}

TEST(Duration, UnitConversionsTruncateTowardZero) {
  for (const char* s : {"10d23h59m58s999ms", "-10d23h59m58s999ms"}) {
    Value d = dur(s);
    int64_t sign = s[0] == '-' ? -1 : 1;
    EXPECT_EQ(integer("toDays", {d}), sign * 10);
    EXPECT_EQ(integer("toHours", {d}), sign * (10 * 24 + 23));
    EXPECT_EQ(integer("toMinutes", {d}), sign * ((10 * 24 + 23) * 60 + 59));
    EXPECT_EQ(integer("toSeconds", {d}), sign * (((10 * 24 + 23) * 60 + 59) * 60 + 58));
    EXPECT_EQ(integer("toMilliseconds", {d}),
              sign * ((((10 * 24 + 23) * 60 + 59) * 60 + 58) * 1000 + 999));
  }
  EXPECT_EQ(integer("toSeconds", {dur("-1500ms")}), -1);
  EXPECT_EQ(integer("toSeconds", {dur("-999ms")}), 0);
  EXPECT_EQ(integer("toDays", {dur("-23h")}), 0);
  EXPECT_EQ(integer("toDays", {dur("47h")}), 1);
  EXPECT_EQ(integer("toMilliseconds", {dur_ms(INT64_MIN)}), INT64_MIN);
  EXPECT_EQ(integer("toDays", {dur_ms(INT64_MIN)}), -106751991167);
  EXPECT_EQ(integer("toDays", {dur_ms(INT64_MAX)}), 106751991167);
  EXPECT_EQ(integer("toHours", {dur_ms(INT64_MAX)}), INT64_MAX / 3600000);
}

TEST(Duration, Rendering) {
  EXPECT_EQ(dur("1d2h3m4s5ms").to_string(), "duration(\"1d2h3m4s5ms\")");
  EXPECT_EQ(dur("0ms").to_string(), "duration(\"0ms\")");
  EXPECT_EQ(dur("-0d").to_string(), "duration(\"0ms\")");
  EXPECT_EQ(dur("25h").to_string(), "duration(\"1d1h\")");
  EXPECT_EQ(dur("-1500ms").to_string(), "duration(\"-1s500ms\")");
  EXPECT_EQ(dur("1d3ms").to_string(), "duration(\"1d3ms\")");
  EXPECT_EQ(dur_ms(INT64_MAX).to_string(), "duration(\"106751991167d7h12m55s807ms\")");
  EXPECT_EQ(dur_ms(INT64_MIN).to_string(), "duration(\"-106751991167d7h12m55s808ms\")");
  std::mt19937_64 rng(3);
  std::vector<int64_t> samples = {0, 1, -1, 1000, 60000, 86400000, INT64_MIN, INT64_MAX};
  for (int i = 0; i < 3000; ++i) samples.push_back(static_cast<int64_t>(rng()) >> (i % 63));
  for (int64_t v : samples) {
    auto back = parse_duration(arg_of(extension_to_string(Duration{v})));
    ASSERT_TRUE(back) << v;
    EXPECT_EQ(back->ms, v);
  }
}

TEST(Duration, Ordering) {
  EXPECT_LT(std::get<Duration>(dur("-1d").as_extension()),
            std::get<Duration>(dur("1ms").as_extension()));
  EXPECT_EQ(ms_of(dur("1h")), ms_of(dur("60m")));
}

}  // namespace
}  // namespace cedar
