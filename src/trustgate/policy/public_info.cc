#include "trustgate/policy/public_info.h"

#include <set>
#include <string>
#include <string_view>

#include "base/storage.h"
#include "trustgate/policy/date.h"

namespace trustgate::policy {

namespace {

using common::Json;

const std::set<std::string_view> kContactKinds = {"legal_aid", "hotline", "locator", "directory"};

// Checks one document, with errors naming `file` and the member's pointer.
class Checker {
 public:
  explicit Checker(std::string file) : file_(std::move(file)) {}

  base::Error fail(const std::string& pointer, const std::string& message) const {
    return base::invalid_field(pointer, file_ + ": " + pointer + ": " + message);
  }

  base::Status text(const Json* v, const std::string& pointer) const {
    if (!v || !v->is_string() || v->as_string().empty()) return fail(pointer, "expected text");
    return base::Status::Ok();
  }

  base::Status https(const Json* v, const std::string& pointer) const {
    if (auto s = text(v, pointer); !s) return s;
    if (!v->as_string().starts_with("https://")) return fail(pointer, "expected an https:// URL");
    return base::Status::Ok();
  }

  // {"en": text, "es": text} and nothing else but "cite".
  base::Status bilingual(const Json* v, const std::string& pointer) const {
    if (!v || !v->is_object()) return fail(pointer, "expected {\"en\": ..., \"es\": ...}");
    for (const char* lang : {"en", "es"}) {
      if (auto s = text(v->find(lang), base::pointer_append(pointer, lang)); !s) return s;
    }
    for (const auto& [key, value] : v->as_object()) {
      if (key != "en" && key != "es" && key != "cite") {
        return fail(base::pointer_append(pointer, key), "unknown member");
      }
    }
    return base::Status::Ok();
  }

  base::Status source(const Json* v, const std::string& pointer) const {
    if (!v || !v->is_object()) return fail(pointer, "every contact needs its source");
    if (auto s = https(v->find("url"), pointer + "/url"); !s) return s;
    const Json* seen = v->find("seen");
    if (auto s = text(seen, pointer + "/seen"); !s) return s;
    if (!parse_date(seen->as_string())) return fail(pointer + "/seen", "expected YYYY-MM-DD");
    if (const Json* note = v->find("note")) return text(note, pointer + "/note");
    return base::Status::Ok();
  }

  base::Status phone(const Json* v, const std::string& pointer) const {
    if (auto s = text(v, pointer); !s) return s;
    for (char c : v->as_string()) {
      if (!((c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '(' || c == ')' || c == '-')) {
        return fail(pointer, "a phone number holds digits, spaces and + ( ) - only");
      }
    }
    return base::Status::Ok();
  }

  base::Status contact(const Json& c, const std::string& pointer) const {
    if (!c.is_object()) return fail(pointer, "expected an object");
    if (auto s = text(c.find("name"), pointer + "/name"); !s) return s;
    const Json* kind = c.find("kind");
    if (!kind || !kind->is_string() || !kContactKinds.count(kind->as_string())) {
      return fail(pointer + "/kind", "one of legal_aid, hotline, locator, directory");
    }
    if (auto s = bilingual(c.find("description"), pointer + "/description"); !s) return s;
    const Json* tel = c.find("phone");
    const Json* url = c.find("url");
    if (!tel && !url) return fail(pointer, "a contact needs a phone or a url");
    if (tel) {
      if (auto s = phone(tel, pointer + "/phone"); !s) return s;
    }
    if (url) {
      if (auto s = https(url, pointer + "/url"); !s) return s;
    }
    if (const Json* langs = c.find("languages")) {
      if (!langs->is_array()) return fail(pointer + "/languages", "expected a list");
      for (size_t i = 0; i < langs->as_array().size(); ++i) {
        auto s = text(&langs->as_array()[i], base::pointer_append(pointer + "/languages", i));
        if (!s) return s;
      }
    }
    for (const auto& [key, value] : c.as_object()) {
      static const std::set<std::string_view> known = {"name", "kind",      "description", "phone",
                                                       "url",  "languages", "source"};
      if (!known.count(key)) return fail(base::pointer_append(pointer, key), "unknown member");
    }
    return source(c.find("source"), pointer + "/source");
  }

  // {"es": {"<policy id>": text}}: each policy's explanation in another language.
  base::Status translations(const Json& v, const std::string& pointer) const {
    if (!v.is_object()) return fail(pointer, "expected {\"es\": {\"<policy id>\": text}}");
    for (const auto& [lang, texts] : v.as_object()) {
      const std::string at = base::pointer_append(pointer, lang);
      if (lang != "es") return fail(at, "only Spanish (es) translations are shown");
      if (!texts.is_object()) return fail(at, "expected {\"<policy id>\": text}");
      for (const auto& [id, text] : texts.as_object()) {
        if (auto s = this->text(&text, base::pointer_append(at, id)); !s) return s;
      }
    }
    return base::Status::Ok();
  }

  base::Status document(const Json& doc, const std::string& at) const {
    if (!doc.is_object()) return fail(at, "expected {\"contacts\": [...], \"rights\": [...]}");
    for (const auto& [key, value] : doc.as_object()) {
      if (key == "translations") {
        if (auto s = translations(value, at + "/translations"); !s) return s;
        continue;
      }
      if (key != "contacts" && key != "rights") {
        return fail(base::pointer_append(at, key),
                    "unknown member (contacts, rights, translations)");
      }
      if (!value.is_array()) return fail(at + "/" + key, "expected a list");
      for (size_t i = 0; i < value.as_array().size(); ++i) {
        const std::string pointer = base::pointer_append(at + "/" + key, i);
        auto s = key == "contacts" ? contact(value.as_array()[i], pointer)
                                   : bilingual(&value.as_array()[i], pointer);
        if (!s) return s;
      }
    }
    return base::Status::Ok();
  }

 private:
  std::string file_;
};

}  // namespace

base::Result<common::Json> load_public_info(const std::filesystem::path& pack_dir) {
  const std::filesystem::path file = pack_dir / "pack.json";
  auto text = base::read_file(file);
  if (!text) return text.error();
  auto doc = common::parse_json(*text);
  if (!doc) return base::invalid_field("", file.string() + ": " + doc.error().describe());
  const Json* info = doc->is_object() ? doc->find("public") : nullptr;
  if (!info) return Json();
  if (auto s = Checker(file.string()).document(*info, "/public"); !s) return s.error();
  return *info;
}

}  // namespace trustgate::policy
