// Terms: one controlled list of the vocabulary (vocabulary.h). Apart from
// vocabulary.cc so that code using only the lists (the disclosure guard's
// readers and their fuzz targets) links without the Cedar engine.
#include "trustgate/policy/vocabulary.h"

namespace trustgate::policy {

std::optional<uint8_t> Terms::find(std::string_view value) const {
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] == value) return static_cast<uint8_t>(i);
  }
  return std::nullopt;
}

std::string Terms::choices() const {
  std::string out = "one of: ";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + values[i];
  return out;
}

}  // namespace trustgate::policy
