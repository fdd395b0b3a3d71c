#pragma once
// Oxygen vacancies on the close-packed O sublattice (MODEL.md "The KMC engine"): the site
// states, the rates of the three event kinds and their execution. Event selection and time
// stepping live in solvers/ (KmcEventTree, KmcSolver): this class only answers the propensity of
// one site and performs an event chosen within one site (the SPPARKS app/solve split).
//
// Events (each kind separately switchable):
//  (a) hop of a vacancy at s to an occupied nearest neighbour t, rate nu exp(-E_act / kT) with
//        E_act = E_m - r(s, t) + eps n_v(s) + max(0, E_site(t) - E_site(s)),
//      n_v(s) the vacancy neighbours of s (bond breaking: eps is the attractive v-v bond),
//      r(s, t) = defect_barrier_reduction if s or t is a defect site (pipe/fault diffusion),
//      E_site = -defect_binding_energy on a defect site, 0 elsewhere;
//      Detailed balance with H = -eps (v-v bonds) + sum over vacancies of E_site: after s -> t the
//      vacancy has m_t bonds (the vacancies around t other than s), so dH = eps (n_v(s) - m_t) +
//      E_site(t) - E_site(s). The reverse hop starts with n_v = m_t, so E_fwd - E_rev =
//      eps (n_v(s) - m_t) + max(0, D) - max(0, -D) with D = E_site(t) - E_site(s), and
//      max(0, D) - max(0, -D) = D: E_fwd - E_rev = dH, rate_fwd / rate_rev = exp(-dH / kT)
//      (r(s, t) is symmetric and cancels). Tested by exact enumeration in test_vacancy_lattice_model.
//  (b) generation at an occupied site at the rate set by the caller (O leaves: site -> vacancy);
//  (c) escape of a vacancy on an escape site (interface, bottom, walls): the vacancy is refilled
//      from outside (oxygen lost), rate nu exp(-(E_escape + eps n_v(s)) / kT).
// Rates depend only on the state of a site and of its nearest neighbours.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "core/scenario.hpp"
#include "core/schema.hpp"
#include "core/state_archive.hpp"
#include "model/oxygen_lattice.hpp"

namespace voidsim {

/// Section `kmc.` of the scenario: the lattice-model energies and switches, and the parallel
/// mode of the solver. The temperature is not here: the engine passes electrochemistry.temperature.
struct VacancyLatticeParameters {
  double lattice_spacing = 0.285e-9;                        // a, m
  double attempt_frequency = 1e13;                          // nu, 1/s
  double migration_energy = 0.797 * 1.602176634e-19;        // E_m, J
  double binding_energy = 0.06 * 1.602176634e-19;           // eps, J (v-v bond; 2 E_f / z in 2D)
  double defect_barrier_reduction = 0.2 * 1.602176634e-19;  // J
  double defect_binding_energy = 0.1 * 1.602176634e-19;     // J
  double escape_energy = 0.797 * 1.602176634e-19;           // J
  bool escape_at_interface = false;                         // row/layer 0, facing LiPON
  bool escape_at_bottom = false;                            // last row/layer
  bool escape_at_walls = false;  // first and last site of each row, when x is not periodic
  bool hops_enabled = true;
  bool generation_enabled = true;
  bool escape_enabled = true;
  bool parallel_sectors = false;  // kmc.parallel: serial | sectors
  double sector_size = 5e-9;      // m

  static void declare(Schema& schema);
  [[nodiscard]] static VacancyLatticeParameters from(const Scenario& scenario);
  [[nodiscard]] static std::vector<Diagnostic> validate(const Scenario& scenario);
};

/// Event counts by kind. The model keeps one; the sector-parallel solver keeps one per sector
/// and adds them up in sector order.
struct VacancyEventCounters {
  std::int64_t hops = 0;
  std::int64_t generated = 0;
  std::int64_t escaped = 0;

  VacancyEventCounters& operator+=(const VacancyEventCounters& o) noexcept {
    hops += o.hops;
    generated += o.generated;
    escaped += o.escaped;
    return *this;
  }
};

enum class VacancyEventKind : std::uint8_t { none, hop, generation, escape };

/// Sites whose propensity may have changed by an event (no allocation: fixed capacity, enough
/// for a hop in 3D: s, t and the vacancies among their 2 x 12 neighbours).
struct Touched {
  static constexpr int capacity = 2 + 2 * OxygenLattice::max_coordination;
  std::array<std::uint32_t, capacity> sites{};
  int count = 0;
  VacancyEventKind kind = VacancyEventKind::none;
  std::uint32_t from = 0;  // the event's site
  std::uint32_t to = 0;    // hop target (== from for generation and escape)

  void clear() noexcept {
    count = 0;
    kind = VacancyEventKind::none;
  }
  void add(std::uint32_t site) noexcept { sites[static_cast<std::size_t>(count++)] = site; }
};

class VacancyLatticeModel {
 public:
  /// All sites occupied (no vacancy), no defects, no generation. `temperature` in K.
  VacancyLatticeModel(const OxygenLattice& lattice, const VacancyLatticeParameters& parameters,
                      double temperature);

  [[nodiscard]] const OxygenLattice& lattice() const noexcept { return lattice_; }
  [[nodiscard]] const VacancyLatticeParameters& parameters() const noexcept { return p_; }
  [[nodiscard]] double temperature() const noexcept { return temperature_; }
  [[nodiscard]] std::size_t size() const noexcept { return occupancy_.size(); }

  // ---- state set by the caller (the solver must be rebuilt or refreshed afterwards) ----
  /// 0 = oxygen present, 1 = vacancy, one byte per site.
  [[nodiscard]] const std::vector<std::uint8_t>& occupancy() const noexcept { return occupancy_; }
  [[nodiscard]] bool vacancy(std::size_t site) const noexcept { return occupancy_[site] != 0; }
  void set_vacancy(std::size_t site, bool vacant) noexcept;
  /// Defect sites (stacking faults, dislocation cores): mask[site] != 0, size() bytes.
  void set_defect_sites(const std::uint8_t* mask) noexcept;
  void set_defect(std::size_t site, bool defect) noexcept;
  /// Transport multiplier m of each site (size() values in (0, 1], nullptr: all 1): a hop s -> t
  /// runs at sqrt(m_s m_t) times its rate, i.e. a barrier raised by the same amount both ways, so
  /// detailed balance holds. The reconstructed surface layer's slower O-vacancy transport
  /// (surface_layer.vacancy_transport; the continuum engine multiplies D_v by m).
  void set_transport(const double* multiplier);
  [[nodiscard]] bool slow(std::size_t site) const noexcept { return (flags_[site] & slow_bit) != 0; }
  [[nodiscard]] bool defect(std::size_t site) const noexcept { return (flags_[site] & defect_bit) != 0; }
  [[nodiscard]] bool escape_site(std::size_t site) const noexcept { return (flags_[site] & escape_bit) != 0; }
  /// Generation rate (1/s per occupied site) of site s = per_cell[site_cell[s]]; both arrays are
  /// read now and not kept. nullptr per_cell clears all rates.
  void set_generation_rates(const double* per_cell, const std::uint32_t* site_cell);
  [[nodiscard]] double generation_rate(std::size_t site) const noexcept {
    return generation_.empty() ? 0.0 : generation_[site];
  }
  /// Rate of the generation event of `site` were it occupied by oxygen (0 with generation off):
  /// the propensity of an O site, and the bound the serial solver thins generation against.
  [[nodiscard]] double generation_propensity(std::size_t site) const noexcept {
    return (p_.generation_enabled && !generation_.empty()) ? generation_[site] : 0.0;
  }

  // ---- rates and events (hot path: no allocation, no exp) ----
  /// Sum of the rates of all events of `site`, 1/s.
  [[nodiscard]] double site_propensity(std::size_t site) const noexcept;
  /// Performs the event of `site` selected by u in (0, 1) (the events of a site laid end to end
  /// in a fixed order, u times their sum), counts it in the model's counters and lists in
  /// `touched` the sites whose propensity may have changed. Requires site_propensity(site) > 0.
  void site_event(std::size_t site, double u, Touched& touched) noexcept {
    site_event(site, u, touched, counters_);
  }
  /// The same, counting into `counters` (one per sector in the parallel solver).
  void site_event(std::size_t site, double u, Touched& touched, VacancyEventCounters& counters) noexcept {
    perform(site, u, true, touched, counters);
  }
  /// The event of `site` in whose interval `offset` falls, offset in [0, site_propensity(site))
  /// (a solver that already holds a uniform variate on that scale saves the division to u).
  void site_event_at(std::size_t site, double offset, Touched& touched) noexcept {
    perform(site, offset, false, touched, counters_);
  }
  /// Lists `site` and its neighbours: what a caller must refresh after changing the site's
  /// occupancy or defect flag by hand.
  void affected_by(std::size_t site, Touched& touched) const noexcept;

  /// Neighbours of a site, the lattice's table (interior sites by precomputed offsets).
  int neighbours(std::size_t site, std::uint32_t* out) const noexcept;

  // ---- counters ----
  [[nodiscard]] const VacancyEventCounters& counters() const noexcept { return counters_; }
  void add_counters(const VacancyEventCounters& c) noexcept { counters_ += c; }
  /// Exact number of vacancies: those set by hand (set_vacancy, restore) plus generated minus
  /// escaped. Counters passed to the four-argument site_event() count once add_counters() is called.
  [[nodiscard]] std::int64_t vacancy_count() const noexcept {
    return n_set_vacancies_ + counters_.generated - counters_.escaped;
  }

  // ---- single rates (tests and diagnostics; not on the hot path) ----
  /// Rate of one hop between two non-defect sites of a vacancy with n vacancy neighbours, 1/s.
  [[nodiscard]] double bulk_hop_rate(int n_vacancy_neighbours) const noexcept {
    return hop_w_[static_cast<std::size_t>(n_vacancy_neighbours)];
  }
  /// Escape rate of a vacancy with n vacancy neighbours on an escape site, 1/s.
  [[nodiscard]] double bulk_escape_rate(int n_vacancy_neighbours) const noexcept {
    return escape_w_[static_cast<std::size_t>(n_vacancy_neighbours)];
  }
  /// Rate of the hop of the vacancy at s to its occupied neighbour t; 0 if that is no event.
  [[nodiscard]] double hop_rate(std::size_t s, std::size_t t) const noexcept;
  /// Escape rate of the vacancy at s; 0 if s is not a vacancy on an escape site.
  [[nodiscard]] double escape_rate(std::size_t s) const noexcept;

  /// Occupancy (bit-packed, 64 sites per word), defect mask (likewise) and counters under
  /// `prefix`. Generation rates are inputs from the continuum coupling; the caller re-sets them.
  void save(StateArchive& archive, const std::string& prefix = "kmc.") const;
  void restore(const StateArchive& archive, const std::string& prefix = "kmc.");

  static constexpr std::uint8_t defect_bit = 1;
  static constexpr std::uint8_t escape_bit = 2;
  static constexpr std::uint8_t boundary_bit = 4;  // neighbours from the lattice, not offsets
  static constexpr std::uint8_t parity_bit = 8;    // which offset table (row parity)
  static constexpr std::uint8_t slow_bit = 16;     // transport multiplier below 1 (set_transport)

 private:
  // Hop factor of a pair (s, t) by their defect flags: exp(r/kT) if either is a defect times
  // exp(-max(0, E_site(t) - E_site(s))/kT). Index 2 * defect(s) + defect(t).
  [[nodiscard]] double pair_factor(std::uint8_t flags_s, std::uint8_t flags_t) const noexcept {
    return defect_factor_[2u * (flags_s & defect_bit) + (flags_t & defect_bit)];
  }
  // pair_factor times the transport factor sqrt(m_s m_t) where either site is slow.
  [[nodiscard]] double hop_factor(std::size_t s, std::uint8_t flags_s, std::size_t t,
                                  std::uint8_t flags_t) const noexcept {
    const double f = pair_factor(flags_s, flags_t);
    return ((flags_s | flags_t) & slow_bit) ? f * transport_root_[s] * transport_root_[t] : f;
  }
  // site_event: `value` is u in (0, 1) if `fraction`, else the offset in [0, propensity).
  void perform(std::size_t site, double value, bool fraction, Touched& touched,
               VacancyEventCounters& counters) noexcept;
  // Every hop of a vacancy has the same rate (no defects and no slow sites): the fast path.
  [[nodiscard]] bool uniform_hops() const noexcept { return n_defects_ == 0 && n_slow_ == 0; }

  OxygenLattice lattice_;
  VacancyLatticeParameters p_;
  double temperature_;
  int z_ = 6;  // coordination
  std::vector<std::uint8_t> occupancy_;
  std::vector<std::uint8_t> flags_;
  std::vector<double> generation_;      // empty: no generation anywhere
  std::vector<double> transport_root_;  // sqrt(m) per site; empty when no site is slow
  std::array<std::array<std::int64_t, OxygenLattice::max_coordination>, 2> offsets_{};
  std::array<double, OxygenLattice::max_coordination + 1> hop_w_{};     // nu exp(-(E_m + eps n)/kT)
  std::array<double, OxygenLattice::max_coordination + 1> escape_w_{};  // nu exp(-(E_esc + eps n)/kT)
  std::array<double, 4> defect_factor_{};
  std::size_t n_defects_ = 0;
  std::size_t n_slow_ = 0;
  std::int64_t n_set_vacancies_ = 0;  // vacancy_count() minus (generated - escaped)
  VacancyEventCounters counters_;
};

}  // namespace voidsim
