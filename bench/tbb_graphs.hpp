// bench/tbb_graphs.hpp: the oneTBB flow_graph versions of the parallel benchmarks' graphs, doing
// the same work through the same functions, so that bench_parallel and bench_wide can time
// hamilton-cpp's multithreading_executor against oneTBB in one run.
//
//   fan_out_graph   seed -> a multifunction_node putting ITEMS item indices -> one function_node
//                   (unlimited concurrency) running spin::work per item; the caller sums the
//                   results in item order (hamilton-cpp: parallelizable -> node -> collect)
//   wide_graph      seed -> one function_node per worker -> one continue_node per reducer,
//                   which has its block of workers as predecessors -> a total continue_node
//
// Build with oneTBB (-ltbb) and limit it to the benchmark's threads with
// tbb::global_control(max_allowed_parallelism, threads).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <span>
#include <tuple>
#include <vector>

#include <oneapi/tbb/flow_graph.h>

#include "parallel_util.hpp"

namespace tbb_graphs {

namespace flow = oneapi::tbb::flow;

// Sums values in order, left to right, exactly as the generated reducers `a + b + c` do, so that
// every variant's result is bit for bit the same.
inline double sum(std::span<const double> values) {
    double s = values.empty() ? 0.0 : values[0];
    for (std::size_t i = 1; i < values.size(); ++i) s += values[i];
    return s;
}

inline double fan_out_seed(double x) { return x * 0.5 + 0.25; }

class fan_out_graph {
public:
    explicit fan_out_graph(std::size_t items)
        : results_(items),
          seed_(graph_, flow::serial, [this](double x) { return seed_value_ = fan_out_seed(x); }),
          split_(graph_, flow::serial,
                 [this](double, split_node::output_ports_type& ports) {
                     for (long i = 0; i < static_cast<long>(results_.size()); ++i) std::get<0>(ports).try_put(i);
                 }),
          worker_(graph_, flow::unlimited, [this](long i) {
              results_[static_cast<std::size_t>(i)] = spin::work(seed_value_, spin::factor(i), spin::offset(i));
              return flow::continue_msg();
          }) {
        flow::make_edge(seed_, split_);
        flow::make_edge(flow::output_port<0>(split_), worker_);
    }

    double run(double x) {
        seed_.try_put(x);
        graph_.wait_for_all();
        return sum(results_);
    }

private:
    using split_node = flow::multifunction_node<double, std::tuple<long>>;
    flow::graph graph_;
    std::vector<double> results_;
    double seed_value_ = 0;
    flow::function_node<double, double> seed_;
    split_node split_;
    flow::function_node<long, flow::continue_msg> worker_;
};

class wide_graph {
public:
    using worker_fn = double (*)(double);

    wide_graph(double (*seed)(double), std::span<const worker_fn> workers, std::size_t fan_in)
        : results_(workers.size()), reduced_((workers.size() + fan_in - 1) / fan_in) {
        seed_ = std::make_unique<flow::function_node<double, double>>(graph_, flow::serial, seed);
        for (std::size_t i = 0; i < workers.size(); ++i) {
            workers_.push_back(std::make_unique<flow::function_node<double, flow::continue_msg>>(
                graph_, flow::unlimited, [this, i, fn = workers[i]](double s) {
                    results_[i] = fn(s);
                    return flow::continue_msg();
                }));
            flow::make_edge(*seed_, *workers_.back());
        }
        total_ = std::make_unique<flow::continue_node<flow::continue_msg>>(graph_, [this](const flow::continue_msg&) {
            total_value_ = sum(reduced_);
            return flow::continue_msg();
        });
        for (std::size_t j = 0; j < reduced_.size(); ++j) {
            const std::size_t first = j * fan_in;
            const std::size_t count = std::min(fan_in, workers.size() - first);
            reducers_.push_back(std::make_unique<flow::continue_node<flow::continue_msg>>(
                graph_, [this, j, first, count](const flow::continue_msg&) {
                    reduced_[j] = sum(std::span<const double>(results_).subspan(first, count));
                    return flow::continue_msg();
                }));
            for (std::size_t i = first; i < first + count; ++i) flow::make_edge(*workers_[i], *reducers_.back());
            flow::make_edge(*reducers_.back(), *total_);
        }
    }

    double run(double x) {
        seed_->try_put(x);
        graph_.wait_for_all();
        return total_value_;
    }

private:
    flow::graph graph_;
    std::vector<double> results_;
    std::vector<double> reduced_;
    double total_value_ = 0;
    std::unique_ptr<flow::function_node<double, double>> seed_;
    std::vector<std::unique_ptr<flow::function_node<double, flow::continue_msg>>> workers_;
    std::vector<std::unique_ptr<flow::continue_node<flow::continue_msg>>> reducers_;
    std::unique_ptr<flow::continue_node<flow::continue_msg>> total_;
};

}  // namespace tbb_graphs
