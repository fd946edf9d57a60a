// The disclosure guard's property: for random records with protected values
// at random places (fields the law bars for the recipient, fields the schema
// does not name: nested, inside arrays, under odd or escaped names, as CSV
// columns), no protected value appears in the released output, the
// redaction log or the ledger event — and every value the law allows is
// released. TRUSTGATE_DISCLOSE_CASES sets the number of cases (default
// 3000; scripts/property-disclose runs more).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "trustgate/disclose/disclose_fixture.h"

namespace trustgate::disclose {
namespace {

struct Case {
  std::string input;
  std::vector<std::string> protected_values, released_values;
};

class Generator {
 public:
  Generator(uint64_t seed, const ReleasePlan& plan, const RecordSchema& schema)
      : rng_(seed), plan_(plan), schema_(schema) {}

  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  bool chance(int percent) { return pick(100) < static_cast<size_t>(percent); }

  std::string token(const char* prefix) {
    static const char kHex[] = "0123456789abcdef";
    std::string t = prefix;
    for (int i = 0; i < 12; ++i) t += kHex[pick(16)];
    return t;
  }
  std::string secret() {
    std::string t = token("PRT");
    c_.protected_values.push_back(t);
    return t;
  }
  std::string allowed() {
    std::string t = token("OKV");
    c_.released_values.push_back(t);
    return t;
  }
  bool released(uint8_t field_class) const {
    return plan_.at(schema_.type_index, field_class).released;
  }

  // A name the schema does not use: odd bytes, escapes, separators.
  std::string odd_name() {
    static const char* kNames[] = {"extra",
                                   "notes ",
                                   "a/b",
                                   "~0",
                                   "",
                                   "\\u00e9t\\u00e0t",
                                   "x\\\"y",
                                   "名前",
                                   "status?",
                                   "\\n",
                                   "immigration status",
                                   "Citizenship",
                                   "record_type "};
    return kNames[pick(std::size(kNames))];
  }

  // JSON text of a member name, sometimes with its letters \u-escaped.
  std::string key_json(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
      if (chance(15) && c >= 'a' && c <= 'z') {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      } else {
        out += c;
      }
    }
    return out + "\"";
  }

  // A value nobody may receive: a string, or one hidden in containers.
  std::string hidden(int depth) {
    switch (depth > 3 ? 0 : pick(4)) {
      case 0:
        return "\"" + secret() + "\"";
      case 1:
        return "[" + std::string(chance(50) ? "1," : "") + hidden(depth + 1) + "]";
      case 2:
        return "{\"" + odd_name() + "\":" + hidden(depth + 1) + "}";
      default:
        return "{\"k\":[null,{\"v\":" + hidden(depth + 1) + "}]}";
    }
  }

  // A value for schema node `n`.
  std::string value(const FieldNode& n, int depth) {
    if (n.field_class != kNoClass) {
      const bool ok = released(n.field_class);
      if (!ok) return chance(20) ? hidden(depth) : "\"" + secret() + "\"";
      // An object under a class is not described by the schema.
      if (chance(10)) return "{\"x\":" + hidden(depth + 1) + "}";
      if (chance(20)) return "[\"" + allowed() + "\",\"" + allowed() + "\"]";
      return "\"" + allowed() + "\"";
    }
    if (n.items >= 0) {
      std::string out = "[";
      const size_t k = pick(3);
      for (size_t i = 0; i < k; ++i) {
        out += (i ? "," : "") + value(schema_.nodes[static_cast<size_t>(n.items)], depth + 1);
      }
      return out + "]";
    }
    if (chance(10)) return "\"" + secret() + "\"";  // not the object the schema names
    return object(n, depth);
  }

  std::string object(const FieldNode& n, int depth) {
    std::vector<std::string> members;
    for (const auto& [name, child] : n.members) {
      if (name == "record_type") continue;
      if (chance(30)) continue;
      members.push_back(key_json(name) + ":" + value(schema_.nodes[child], depth + 1));
    }
    const size_t extra = pick(3);
    for (size_t i = 0; i < extra; ++i) {
      members.push_back("\"" + odd_name() + "\":" + hidden(depth + 1));
    }
    std::shuffle(members.begin(), members.end(), rng_);
    std::string out = "{";
    if (depth == 0) {
      members.insert(members.begin() + static_cast<long>(pick(members.size() + 1)),
                     "\"record_type\":\"" + schema_.record_type + "\"");
    }
    for (size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + members[i];
    return out + "}";
  }

  Case jsonl(size_t records) {
    c_ = {};
    for (size_t i = 0; i < records; ++i) c_.input += object(schema_.nodes[0], 0) + "\n";
    return c_;
  }

  // A cell, quoted or not; a value cell may also hold a comma, a quote and
  // a line break.
  std::string csv_cell(const std::string& text, bool value = true) {
    if (chance(50)) {
      return "\"" + std::string(value && chance(30) ? "a,\"\"\n" : "") + text + "\"";
    }
    return text;
  }

  Case csv(size_t records) {
    c_ = {};
    struct Column {
      std::string name;
      uint8_t field_class;  // kNoClass: not named
    };
    std::vector<Column> columns{{"record_type", 0}};
    for (const auto& [name, child] : schema_.nodes[0].members) {
      const FieldNode& n = schema_.nodes[child];
      if (name == "record_type" || n.field_class == kNoClass || chance(40)) continue;
      columns.push_back({name, n.field_class});
    }
    for (size_t i = pick(3); i > 0; --i) columns.push_back({"col " + token(""), kNoClass});
    std::shuffle(columns.begin() + 1, columns.end(), rng_);
    for (size_t i = 0; i < columns.size(); ++i) {
      c_.input += (i ? "," : "") + csv_cell(columns[i].name, false);
    }
    c_.input += chance(50) ? "\r\n" : "\n";
    for (size_t r = 0; r < records; ++r) {
      for (size_t i = 0; i < columns.size(); ++i) {
        std::string cell;
        if (i == 0) {
          cell = schema_.record_type;
        } else if (columns[i].field_class != kNoClass && released(columns[i].field_class)) {
          cell = allowed();
        } else {
          cell = secret();
        }
        c_.input += (i ? "," : "") + csv_cell(cell, i != 0);
      }
      if (chance(20)) c_.input += "," + csv_cell(secret());  // a cell beyond the header
      c_.input += chance(50) ? "\r\n" : "\n";
    }
    return c_;
  }

 private:
  std::mt19937_64 rng_;
  const ReleasePlan& plan_;
  const RecordSchema& schema_;
  Case c_;
};

const char* kRequests[] = {
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"ice","purpose":"civil_immigration_enforcement","instrument":"none"})",
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"cbp","purpose":"other","instrument":"subpoena"})",
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"public_records_requester","purpose":"other","instrument":"public_records_request"})",
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"press","purpose":"other","instrument":"public_records_request"})",
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"fbi","purpose":"criminal_investigation","instrument":"subpoena"})",
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-city-clerk","recipient":"ice","purpose":"criminal_investigation","instrument":"subpoena"})",
    R"({"jurisdiction":"us-il-chicago","receiving_agency":"chicago-police","recipient":"the_subject","purpose":"other","instrument":"none"})",
    R"({"jurisdiction":"us-il","receiving_agency":"il-local-police","recipient":"press","purpose":"other","instrument":"public_records_request"})",
};

size_t case_count() {
  const char* env = std::getenv("TRUSTGATE_DISCLOSE_CASES");
  return env ? static_cast<size_t>(std::strtoull(env, nullptr, 10)) : 3000;
}

TEST(DisclosureProperty, NoProtectedValueLeavesForABarredRecipient) {
  const auto& lib = policy::testing::shipped_library();
  const auto schemas = testing::shipped_schemas().all();
  const size_t cases = case_count();
  size_t protected_total = 0, released_total = 0;
  for (size_t i = 0; i < cases; ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const DisclosureRequest req = testing::request(kRequests[i % std::size(kRequests)]);
    auto plan = plan_release(lib, req);
    ASSERT_TRUE(plan);
    const RecordSchema& schema = *schemas[(i / std::size(kRequests)) % schemas.size()];
    Generator gen(0x5eed0000 + i, *plan, schema);
    const bool csv = gen.chance(30);
    const Case c = csv ? gen.csv(1 + gen.pick(4)) : gen.jsonl(1 + gen.pick(4));
    auto r =
        testing::run(req, c.input, csv ? RecordFormat::Csv : RecordFormat::Jsonl, 1 + gen.pick(97));
    const std::string event =
        disclosed_event(req, *plan, r.tally, csv ? RecordFormat::Csv : RecordFormat::Jsonl,
                        lib.vocabulary(), "tester", "cli", "cli")
            .canonical();
    for (const std::string& v : c.protected_values) {
      ASSERT_EQ(r.out.find(v), std::string::npos) << "output leaks " << v << "\n" << c.input;
      ASSERT_EQ(r.log.find(v), std::string::npos) << "log leaks " << v << "\n" << c.input;
      ASSERT_EQ(event.find(v), std::string::npos) << "ledger event leaks " << v;
    }
    for (const std::string& v : c.released_values) {
      ASSERT_NE(r.out.find(v), std::string::npos) << "allowed value withheld " << v << "\n"
                                                  << c.input << "\n"
                                                  << r.out;
    }
    protected_total += c.protected_values.size();
    released_total += c.released_values.size();
  }
  std::cout << "[ property ] " << cases << " cases, " << protected_total
            << " protected values, none leaked; " << released_total << " allowed values released\n";
  EXPECT_GT(protected_total, cases);
  EXPECT_GT(released_total, 0u);
}

}  // namespace
}  // namespace trustgate::disclose
