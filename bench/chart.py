"""Chart of a bench/bench.py result: time and queries per RMA against N,
per k (items per case), both sides. Writes the PNG next to the JSON.

Usage: python bench/chart.py [bench/results/bench-....json]  (default: the
newest one, in BENCH_OUT if set)
"""
import glob
import json
import os
import sys

import matplotlib

matplotlib.use('Agg')  # no display
import matplotlib.pyplot as plt  # noqa: E402 (after the backend)


def main():
    results = os.environ.get('BENCH_OUT') or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'results')
    paths = sys.argv[1:] or sorted(glob.glob(os.path.join(
        results, 'bench-*.json')))[-1:]
    if not paths:
        sys.exit('no bench/results/bench-*.json yet: run make bench')
    path = paths[0]
    with open(path) as f:
        report = json.load(f)
    items = report.get('items') or {'1': report['sizes']}
    for k, sizes in report.get('big', {}).items():  # BENCH_BIG=1: N = 10,000
        items.setdefault(k, {}).update(sizes)
    fig, (ax_time, ax_queries) = plt.subplots(1, 2, figsize=(11, 4.2))
    for k, sizes in sorted(items.items(), key=lambda i: int(i[0])):
        ns = sorted(int(n) for n in sizes)
        for side, style in (('ours', '-o'), ('odoo', '--s')):
            label = '%s, k=%s' % ('rma_billing' if side == 'ours'
                                  else "Odoo's way", k)
            ax_time.plot(ns, [sizes[str(n)][side]['total']['ms_per_rma']
                              for n in ns], style, label=label)
            ax_queries.plot(
                ns, [sizes[str(n)][side]['total']['queries_per_rma']
                     for n in ns], style, label=label)
    for ax, title in ((ax_time, 'ms per RMA'),
                      (ax_queries, 'SQL queries per RMA')):
        ax.set_xscale('log')
        ax.set_xlabel('N (RMAs)')
        ax.set_title(title)
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
    ax_queries.legend(fontsize=8)
    fig.suptitle('rma_billing vs Odoo: full lifecycle per RMA (%s, %s)' % (
        report['billing_mode'], report['date']), fontsize=10)
    fig.tight_layout()
    out = os.path.splitext(path)[0] + '.png'
    fig.savefig(out, dpi=100)
    print('chart: %s' % os.path.relpath(out))


if __name__ == '__main__':
    main()
