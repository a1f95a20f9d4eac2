#!/usr/bin/env python3
"""Independent calculation of the real-data figures that scripts/real-data-check.ts gets from the
core (CSV importer + funnel math). Reads the raw CSV files with the standard library only (csv,
statistics, datetime, json) and shares no code or logic with the TypeScript side; the TS script
runs this and compares every figure.

    python3 scripts/real-data-check.py [DATA_DIR]   # prints the figures as JSON

DATA_DIR defaults to ../shared/data next to the repository. The data is read in place, never
copied. Definitions (kept in step with the TS script by intent, not by shared code):

maven_crm_sales_opportunities/sales_pipeline.csv
  - a row imports when deal_stage is Prospecting/Engaging/Won/Lost, close_value is empty or a
    number >= 0 and the dates are empty or YYYY-MM-DD;
  - funnel steps: Prospecting, Engaging, Won (Lost is not a step). "as imported": a deal reached
    only its current stage; "derived": every deal reached Prospecting, a deal with an engage_date
    reached Engaging, a Won deal reached Won. `any` counts a deal at every step it reached,
    `strict` only while the steps were reached in funnel order;
  - cycle days = close_date - engage_date; win rate = won / (won + lost); velocity = open deals x
    win rate x mean won value / mean won cycle;
  - weighted pipeline of open deals valued at the product's list price (products.csv, names joined
    ignoring case and spaces, so "GTXPro" is "GTX Pro") with stage probabilities 0.1 and 0.5.
olist_marketing_funnel
  - MQLs (all rows import), closed deals joined on mql_id; conversion = closed / MQLs, also per
    origin (empty origin is "(none)");
  - days from first_contact_date (midnight) to won_date (timestamp, same clock): all deals, and
    the non-negative ones (as the core's salesCycle skips spans that end before they start).
"""
import csv
import json
import os
import statistics
import sys
from datetime import datetime

STAGES = ['Prospecting', 'Engaging', 'Won', 'Lost']
STEPS = ['prospecting', 'engaging', 'won']
PROBABILITY = {'prospecting': 0.1, 'engaging': 0.5}


def read(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def day(text):
    return datetime.strptime(text, '%Y-%m-%d')


def is_day(text):
    try:
        day(text)
        return True
    except ValueError:
        return False


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def summary(prefix, values, out):
    values = sorted(values)
    out[prefix + '.count'] = len(values)
    out[prefix + '.mean'] = statistics.mean(values)
    out[prefix + '.median'] = statistics.median(values)
    out[prefix + '.p90'] = statistics.quantiles(values, n=10, method='inclusive')[8]
    out[prefix + '.min'] = values[0]
    out[prefix + '.max'] = values[-1]


def funnel(prefix, paths, values, out):
    """paths: per deal, the funnel steps it reached in the order reached."""
    for mode in ('any', 'strict'):
        counts = [0] * len(STEPS)
        sums = [0.0] * len(STEPS)
        for path, value in zip(paths, values):
            if mode == 'any':
                reached = set(path)
            else:
                # Steps 0..n-1 reached, each first reached after the one before it.
                first = {}
                for position, step in enumerate(path):
                    first.setdefault(step, position)
                reached = set()
                last = -1
                for step in STEPS:
                    if step not in first or first[step] < last:
                        break
                    reached.add(step)
                    last = first[step]
            for i, step in enumerate(STEPS):
                if step in reached:
                    counts[i] += 1
                    sums[i] += value
        for i, step in enumerate(STEPS):
            key = f'{prefix}.{mode}.{step}'
            out[key + '.count'] = counts[i]
            out[key + '.value'] = sums[i]
            out[key + '.stepConversion'] = None if i == 0 or counts[i - 1] == 0 else counts[i] / counts[i - 1]
            out[key + '.cumulativeConversion'] = None if counts[0] == 0 else counts[i] / counts[0]


def maven(root, out):
    folder = os.path.join(root, 'maven_crm_sales_opportunities')
    rows = read(os.path.join(folder, 'sales_pipeline.csv'))
    out['maven.rows'] = len(rows)
    good = [r for r in rows
            if r['deal_stage'] in STAGES
            and (r['close_value'] == '' or (number(r['close_value']) is not None and number(r['close_value']) >= 0))
            and all(r[k] == '' or is_day(r[k]) for k in ('engage_date', 'close_date'))]
    out['maven.imported'] = len(good)
    out['maven.rejected'] = len(rows) - len(good)
    stage = {s: [r for r in good if r['deal_stage'] == s] for s in STAGES}
    won, lost = stage['Won'], stage['Lost']
    opened = stage['Prospecting'] + stage['Engaging']
    out['maven.status.open'] = len(opened)
    out['maven.status.won'] = len(won)
    out['maven.status.lost'] = len(lost)
    out['maven.accountMissing'] = sum(1 for r in good if r['account'] == '')
    out['maven.engageDateMissing'] = sum(1 for r in good if r['engage_date'] == '')

    value = [number(r['close_value']) or 0.0 for r in good]
    as_imported = [[r['deal_stage'].lower()] if r['deal_stage'] != 'Lost' else [] for r in good]
    funnel('maven.funnel.imported', as_imported, value, out)
    derived = []
    for r in good:
        path = ['prospecting']
        if r['engage_date'] != '':
            path.append('engaging')
        if r['deal_stage'] == 'Won':
            path.append('won')
        derived.append(path)
    funnel('maven.funnel.derived', derived, value, out)

    out['maven.winRate'] = len(won) / (len(won) + len(lost))

    def cycle(r):
        return (day(r['close_date']) - day(r['engage_date'])).total_seconds() / 86400

    summary('maven.cycle.won', [cycle(r) for r in won], out)
    summary('maven.cycle.closed', [cycle(r) for r in won + lost], out)
    won_values = [number(r['close_value']) for r in won]
    out['maven.averageWonValue'] = statistics.mean(won_values)
    out['maven.velocity.openDeals'] = len(opened)
    out['maven.velocity.averageCycleDays'] = statistics.mean([cycle(r) for r in won])
    out['maven.velocity.perDay'] = (len(opened) * out['maven.winRate'] * out['maven.averageWonValue']
                                    / out['maven.velocity.averageCycleDays'])

    out['maven.weighted.imported.total'] = 0.0  # open deals have no close_value
    out['maven.weighted.imported.weighted'] = 0.0
    products = read(os.path.join(folder, 'products.csv'))
    exact = {p['product']: float(p['sales_price']) for p in products}
    loose = {p['product'].replace(' ', '').lower(): float(p['sales_price']) for p in products}
    out['maven.products.unmatchedExact'] = sum(1 for r in good if r['product'] not in exact)
    out['maven.products.unmatchedLoose'] = sum(1 for r in good if r['product'].replace(' ', '').lower() not in loose)
    total = weighted = 0.0
    for step, name in (('prospecting', 'Prospecting'), ('engaging', 'Engaging')):
        prices = [loose[r['product'].replace(' ', '').lower()] for r in stage[name]]
        out[f'maven.weighted.listPrice.{step}.count'] = len(prices)
        out[f'maven.weighted.listPrice.{step}.value'] = sum(prices)
        out[f'maven.weighted.listPrice.{step}.weighted'] = sum(prices) * PROBABILITY[step]
        total += sum(prices)
        weighted += sum(prices) * PROBABILITY[step]
    out['maven.weighted.listPrice.total'] = total
    out['maven.weighted.listPrice.weighted'] = weighted


def olist(root, out):
    folder = os.path.join(root, 'olist_marketing_funnel')
    mqls = read(os.path.join(folder, 'olist_marketing_qualified_leads_dataset.csv'))
    deals = read(os.path.join(folder, 'olist_closed_deals_dataset.csv'))
    out['olist.mql.rows'] = len(mqls)
    out['olist.mql.imported'] = sum(1 for m in mqls if is_day(m['first_contact_date']))
    out['olist.mql.rejected'] = len(mqls) - out['olist.mql.imported']
    out['olist.mql.originEmpty'] = sum(1 for m in mqls if m['origin'] == '')
    out['olist.mql.originUnknown'] = sum(1 for m in mqls if m['origin'] == 'unknown')
    by_id = {m['mql_id']: m for m in mqls}
    joined = [d for d in deals if d['mql_id'] in by_id]
    out['olist.closed.rows'] = len(deals)
    out['olist.closed.joined'] = len(joined)
    out['olist.funnel.mql.count'] = len(mqls)
    out['olist.funnel.closed.count'] = len(joined)
    out['olist.funnel.closed.stepConversion'] = len(joined) / len(mqls)

    closed_ids = {d['mql_id'] for d in joined}
    origins = {}
    for m in mqls:
        origin = m['origin'] or '(none)'
        counts = origins.setdefault(origin, [0, 0])
        counts[0] += 1
        counts[1] += m['mql_id'] in closed_ids
    for origin, (n, won) in origins.items():
        out[f'olist.origin.{origin}.mql'] = n
        out[f'olist.origin.{origin}.closed'] = won
        out[f'olist.origin.{origin}.conversion'] = won / n

    days = [(datetime.strptime(d['won_date'], '%Y-%m-%d %H:%M:%S')
             - day(by_id[d['mql_id']]['first_contact_date'])).total_seconds() / 86400 for d in joined]
    out['olist.daysToWon.negative'] = sum(1 for x in days if x < 0)
    out['olist.daysToWon.all.count'] = len(days)
    out['olist.daysToWon.all.median'] = statistics.median(days)
    summary('olist.daysToWon', [x for x in days if x >= 0], out)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'shared', 'data')
    out = {}
    maven(root, out)
    olist(root, out)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
