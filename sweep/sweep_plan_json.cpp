#include "sweep/sweep_plan_json.hpp"

#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace voidsim::sweep {

namespace {

constexpr const char* format_tag = "voidsim-sweep-plan";
constexpr int format_version = 1;

[[noreturn]] void fail(const std::filesystem::path& source, const std::string& key,
                       const std::string& message) {
  throw InputError(
      Diagnostic{source.string(), 0, 0, key, message, "the sweep plan is written by voidsim sweep"});
}

const nlohmann::json& member(const nlohmann::json& object, const char* name,
                             const std::filesystem::path& source, const std::string& where) {
  const std::string key = where.empty() ? name : where + "." + name;
  if (!object.is_object() || !object.contains(name)) fail(source, key, "missing");
  return object.at(name);
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return "[" + out + "]";
}

}  // namespace

nlohmann::json plan_to_json(const SweepPlan& plan) {
  nlohmann::json j;
  j["format"] = format_tag;
  j["version"] = format_version;
  j["sweep_file"] = plan.sweep_file.string();
  j["base_scenario"] = plan.base_scenario.string();
  j["fixed_overrides"] = plan.fixed_overrides;
  j["parameter_keys"] = plan.parameter_keys;
  j["points"] = plan.points;
  j["replicates"] = plan.replicates;
  j["master_seed"] = plan.master_seed;
  nlohmann::json tasks = nlohmann::json::array();
  for (const SweepTask& task : plan.tasks) {
    nlohmann::json t;
    t["index"] = task.index;
    t["name"] = task_name(task.index);
    t["point"] = task.point;
    t["replicate"] = task.replicate;
    t["seed"] = task.seed;
    nlohmann::json parameters = nlohmann::json::array();
    for (const ParameterValue& p : task.parameters) {
      parameters.push_back(
          {{"key", p.key},
           {"text", p.text},
           {"si_value", p.si_value ? nlohmann::json(*p.si_value) : nlohmann::json(nullptr)}});
    }
    t["parameters"] = std::move(parameters);
    tasks.push_back(std::move(t));
  }
  j["tasks"] = std::move(tasks);
  return j;
}

SweepPlan plan_from_json(const nlohmann::json& j, const std::filesystem::path& source) {
  SweepPlan plan;
  try {
    if (!j.is_object()) fail(source, "", "a sweep plan must be a JSON object");
    if (member(j, "format", source, "").get<std::string>() != format_tag)
      fail(source, "format", "not a voidsim sweep plan (format is not '" + std::string(format_tag) + "')");
    if (const int version = member(j, "version", source, "").get<int>(); version != format_version)
      fail(source, "version",
           "plan format version " + std::to_string(version) + ", this voidsim reads " +
               std::to_string(format_version));
    plan.sweep_file = member(j, "sweep_file", source, "").get<std::string>();
    plan.base_scenario = member(j, "base_scenario", source, "").get<std::string>();
    plan.fixed_overrides = member(j, "fixed_overrides", source, "").get<std::vector<std::string>>();
    plan.parameter_keys = member(j, "parameter_keys", source, "").get<std::vector<std::string>>();
    plan.points = member(j, "points", source, "").get<std::size_t>();
    plan.replicates = member(j, "replicates", source, "").get<std::size_t>();
    plan.master_seed = member(j, "master_seed", source, "").get<std::uint64_t>();
    const nlohmann::json& tasks = member(j, "tasks", source, "");
    if (!tasks.is_array()) fail(source, "tasks", "must be an array");
    for (std::size_t i = 0; i < tasks.size(); ++i) {
      const std::string where = "tasks[" + std::to_string(i) + "]";
      const nlohmann::json& t = tasks[i];
      SweepTask task;
      task.index = member(t, "index", source, where).get<std::size_t>();
      task.point = member(t, "point", source, where).get<std::size_t>();
      task.replicate = member(t, "replicate", source, where).get<std::size_t>();
      task.seed = member(t, "seed", source, where).get<std::uint64_t>();
      if (task.index != i) fail(source, where + ".index", "tasks must be listed in index order");
      if (task.replicate >= plan.replicates || task.point >= plan.points ||
          task.index != task.point * plan.replicates + task.replicate)
        fail(source, where, "index, point and replicate disagree (index = point * replicates + replicate)");
      const nlohmann::json& parameters = member(t, "parameters", source, where);
      if (!parameters.is_array() || parameters.size() != plan.parameter_keys.size())
        fail(source, where + ".parameters", "needs one entry per parameter key");
      for (std::size_t k = 0; k < parameters.size(); ++k) {
        const std::string pw = where + ".parameters[" + std::to_string(k) + "]";
        ParameterValue p;
        p.key = member(parameters[k], "key", source, pw).get<std::string>();
        p.text = member(parameters[k], "text", source, pw).get<std::string>();
        const nlohmann::json& si = member(parameters[k], "si_value", source, pw);
        if (!si.is_null()) p.si_value = si.get<double>();
        if (p.key != plan.parameter_keys[k])
          fail(source, pw + ".key", "parameters must follow parameter_keys");
        task.parameters.push_back(std::move(p));
      }
      plan.tasks.push_back(std::move(task));
    }
    if (plan.tasks.size() != plan.points * plan.replicates)
      fail(source, "tasks",
           "expected points * replicates = " + std::to_string(plan.points * plan.replicates) +
               " tasks, found " + std::to_string(plan.tasks.size()));
  } catch (const nlohmann::json::exception& e) {
    fail(source, "", std::string("malformed sweep plan: ") + e.what());
  }
  return plan;
}

SweepPlan read_plan_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw IoError("cannot read sweep plan '" + file.string() + "'");
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Diagnostic{file.string(), 0, 0, "", std::string("not valid JSON: ") + e.what(), ""});
  }
  return plan_from_json(j, file);
}

void write_plan_file(const std::filesystem::path& file, const SweepPlan& plan) {
  io::write_text_atomic(file, plan_to_json(plan).dump(1) + "\n");
}

std::optional<std::string> plan_difference(const SweepPlan& stored, const SweepPlan& current) {
  auto differ = [](const std::string& what, const std::string& then, const std::string& now) {
    return what + ": " + then + " in the directory, " + now + " now";
  };
  if (stored.base_scenario != current.base_scenario)
    return differ("base scenario", quoted(stored.base_scenario.string()),
                  quoted(current.base_scenario.string()));
  if (stored.fixed_overrides != current.fixed_overrides)
    return differ("fixed overrides (set:)", join(stored.fixed_overrides), join(current.fixed_overrides));
  if (stored.parameter_keys != current.parameter_keys)
    return differ("swept parameters", join(stored.parameter_keys), join(current.parameter_keys));
  if (stored.master_seed != current.master_seed)
    return differ("master seed", std::to_string(stored.master_seed), std::to_string(current.master_seed));
  if (stored.replicates != current.replicates)
    return differ("replicates", std::to_string(stored.replicates), std::to_string(current.replicates));
  if (stored.points != current.points)
    return differ("parameter points", std::to_string(stored.points), std::to_string(current.points));
  for (std::size_t i = 0; i < std::min(stored.tasks.size(), current.tasks.size()); ++i) {
    const SweepTask& a = stored.tasks[i];
    const SweepTask& b = current.tasks[i];
    const std::string name = task_name(i);
    if (a.seed != b.seed) return differ(name + " seed", std::to_string(a.seed), std::to_string(b.seed));
    for (std::size_t k = 0; k < a.parameters.size() && k < b.parameters.size(); ++k) {
      if (a.parameters[k].text != b.parameters[k].text)
        return differ(name + " " + a.parameters[k].key, quoted(a.parameters[k].text),
                      quoted(b.parameters[k].text));
    }
  }
  if (stored.tasks.size() != current.tasks.size())
    return differ("tasks", std::to_string(stored.tasks.size()), std::to_string(current.tasks.size()));
  return std::nullopt;
}

}  // namespace voidsim::sweep
