# The long-running scheme side by side with networkx (docs/benchmarks.md, issue 12): reads the CSV files
# fresh-process-pair writes, builds the graph of pairs allowed (never met), and times an exact general
# maximum matching. Usage: python3 networkx_side_by_side.py DIR [RUNS]. Not run in CI.
import csv, sys, time, itertools
import networkx as nx
d = sys.argv[1]
ids = [r['id'] for r in csv.DictReader(open(f'{d}/participants.csv'))]
met = set()
for r in csv.DictReader(open(f'{d}/history.csv')):
    a, b = r['a'], r['b']
    met.add((a, b) if a < b else (b, a))
g = nx.Graph()
g.add_nodes_from(ids)
g.add_edges_from((a, b) for a, b in itertools.combinations(sorted(ids), 2) if (a, b) not in met)
times = []
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    t = time.perf_counter()
    m = nx.max_weight_matching(g, maxcardinality=True)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f'{len(ids)} people, {g.number_of_edges()} allowed pairs, matched {2*len(m)}; max_weight_matching ms: median {times[len(times)//2]:.0f}, min {times[0]:.0f}, runs {len(times)}')
