"""Print the repo addons (`names`) or their dependencies outside the repo (`deps`).

A repo addon is any top-level directory of the checkout with a __manifest__.py.
"""
import ast
import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def repo_manifests():
    for path in sorted(glob.glob(os.path.join(ROOT, '*', '__manifest__.py'))):
        with open(path) as f:
            yield os.path.basename(os.path.dirname(path)), ast.literal_eval(f.read())


def main(what):
    manifests = dict(repo_manifests())
    if what == 'names':
        names = sorted(manifests)
    else:
        names = sorted({d for m in manifests.values() for d in m.get('depends', [])}
                       - set(manifests))
    print(','.join(names))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'names')
