/**
 * Every l2c element in a React 19 component. Rich data (`pipeline`, `deals`, `stages`, `process`,
 * `schema`, `weights`) is passed as props, which React 19 sets as properties because the elements
 * have them; primitives are written as attributes in JSX; events are `on<event-name>` props, which
 * React 19 adds as listeners for the exact event name. `onChange` is React's own change event,
 * which React 19 also fires for custom elements from their native `change`.
 */
import { useState, type ChangeEvent } from 'react';
import type { BantQualifier, Deal, FunnelMeasure, ProcessMapView } from 'l2c-elements';
import {
  EVENTS, applyMove, bantWeights, emptyLog, funnelStages, initialDeals, leadSchema, logged, pipeline, process,
  type EventLog, type EventName,
} from '../../shared/sample.js';

export function App() {
  const [locale, setLocale] = useState('en');
  const [mode, setMode] = useState<FunnelMeasure>('count');
  const [view, setView] = useState<ProcessMapView>('flow');
  // The board is controlled: the app owns the deals and applies each move it is told about.
  const [deals, setDeals] = useState<readonly Deal[]>(initialDeals);
  const [log, setLog] = useState<EventLog>(emptyLog);
  const record = (name: EventName, last: string) => setLog((l) => logged(l, name, last));

  return (
    <>
      <header>
        <h1>l2c-elements · React 19</h1>
        <label>Language
          <select id="locale" value={locale} onChange={(e) => setLocale(e.target.value)}>
            <option value="en">English</option>
            <option value="zh-CN">简体中文</option>
          </select>
        </label>
        <label>Funnel shows
          <select id="mode" value={mode} onChange={(e) => setMode(e.target.value as FunnelMeasure)}>
            <option value="count">Counts</option>
            <option value="value">Value</option>
          </select>
        </label>
        <label>Map view
          <select id="view" value={view} onChange={(e) => setView(e.target.value as ProcessMapView)}>
            <option value="flow">Flowchart</option>
            <option value="blueprint">Service blueprint</option>
          </select>
        </label>
      </header>

      <main>
        <l2c-provider store="memory" locale={locale} currency="USD">
          <div className="panels">
            <section className="panel wide">
              <h2>Pipeline</h2>
              <pipeline-board
                pipeline={pipeline}
                deals={deals as Deal[]}
                ondeal-move={(e) => record('deal-move', `${e.detail.deal.title}: ${e.detail.from} → ${e.detail.to}`)}
                ondeal-moved={(e) => {
                  const { deal, from, to } = e.detail;
                  setDeals((ds) => applyMove(ds, deal));
                  record('deal-moved', `${deal.title}: ${from} → ${to}`);
                }}
                ondeal-opened={(e) => record('deal-opened', e.detail.deal.title)}
              />
            </section>
            <section className="panel">
              <h2>Funnel</h2>
              <funnel-chart stages={funnelStages} mode={mode} show-table
                onstage-selected={(e) => record('stage-selected', e.detail.stageId)} />
            </section>
            <section className="panel">
              <h2>Contact sales</h2>
              <lead-capture-form fields="name,email,company" required="name,email" schema={leadSchema}
                onlead-submitted={(e) => record('lead-submitted', e.detail.lead.email ?? '')} />
            </section>
            <section className="panel wide">
              <h2>Process</h2>
              <sales-process-map process={process} view={view}
                onnode-selected={(e) => record('node-selected', e.detail.nodeId)} />
            </section>
            <section className="panel wide">
              <h2>Qualify</h2>
              <bant-qualifier name="bant" model="weighted" weights={bantWeights}
                onqualification-changed={(e) => record('qualification-changed', `${e.detail.outcome}, missing: ${e.detail.missing.join(' ') || 'none'}`)}
                onChange={(e: ChangeEvent<BantQualifier>) => record('change', e.currentTarget.result.outcome)} />
            </section>
          </div>
        </l2c-provider>

        <aside className="panel events" aria-labelledby="events-title">
          <h2 id="events-title">Events received</h2>
          <table>
            <thead><tr><th scope="col">Event</th><th scope="col">Count</th><th scope="col">Last</th></tr></thead>
            <tbody>
              {EVENTS.map((name) => (
                <tr key={name} data-event={name}>
                  <td>{name}</td>
                  <td className="count">{log[name].count}</td>
                  <td className="last">{log[name].last}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </aside>
      </main>
    </>
  );
}
