module weft.dev/benchmarks/workloads

go 1.19
