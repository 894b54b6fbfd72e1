/**
 * The live page: the replay bar while a recording plays, the training panel (its live read-out
 * and the hero chart of target vs assisting envelopes in the main column, fitting a 1366×768
 * screen without scrolling; the device bar and the setup in a side column on wide windows, below
 * on narrow ones), and one small chart per channel.
 */
import { memo, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useLiveSeries, useStatus, useTraining } from '../api/api-context';
import { LiveChart } from '../charts/LiveChart';
import { TrainingPanel } from '../training/TrainingPanel';
import { ReplayBar } from '../replay/ReplayBar';
import { DeviceBar } from './DeviceBar';
import { ErrorBoundary } from '../shell/ErrorBoundary';
import { LiveValue } from './LiveValue';
import { ASSIST_COLOR, TARGET_COLOR, channelColor, channelRoles, type ChannelRoles } from './channel-roles';

/** channel count of the buffer, re-rendering only when it changes */
function useBufferChannels(): number {
  const series = useLiveSeries();
  return useSyncExternalStore(series.subscribe, () => series.channelCount);
}

export function LiveDashboard() {
  const status = useStatus();
  const training = useTraining();
  const bufferChannels = useBufferChannels();
  // the same object while the roles stay the same (they are rebuilt on every push)
  const rolesRef = useRef<ChannelRoles | null>(null);
  const next = channelRoles(status, training, bufferChannels);
  const roles = rolesRef.current && sameRoles(rolesRef.current, next) ? rolesRef.current : (rolesRef.current = next);
  // elements that stay the same from push to push: React skips them when the panel re-renders
  const hero = useMemo(() => <HeroChartMemo roles={roles} />, [roles]);
  const aside = useMemo(
    () => (
      <ErrorBoundary name="Device">
        <DeviceBar />
      </ErrorBoundary>
    ),
    [],
  );
  return (
    <div className="live">
      {status?.replay ? (
        <ErrorBoundary name="Replay controls">
          <ReplayBar />
        </ErrorBoundary>
      ) : null}
      <div className="live-main">
        <section className="live-training" aria-label="Training">
          <ErrorBoundary name="Training panel">
            <TrainingPanel chart={hero} aside={aside} />
          </ErrorBoundary>
        </section>
        <ChannelGrid roles={roles} />
      </div>
    </div>
  );
}

/** µV for now; a scale function (µV → %MVC) can be passed once normalisation is wired */
/**
 * px of hero chart that fit under the live read-out in this window: what is left of the viewport
 * height after the top bar and the read-out (with room for one more row of controls): 198 px on a
 * 1366×768 laptop, 150-340 px.
 */
export function heroChartHeight(viewportHeight: number): number {
  return Math.round(Math.max(150, Math.min(340, viewportHeight - 570)));
}

function useViewportHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

export function HeroChart({ roles, scale, unit = 'µV' }: { roles: ChannelRoles; scale?: (v: number) => number; unit?: string }) {
  const height = heroChartHeight(useViewportHeight());
  const targetName = roles.names[roles.target] ?? `ch${roles.target + 1}`;
  const assisting = roles.assisting;
  const assistName = assisting === null ? null : (roles.names[assisting] ?? `ch${assisting + 1}`);
  const series = [{ label: `Target — ${targetName}`, color: TARGET_COLOR, channel: roles.target, kind: 'envelope' as const, scale }];
  if (assisting !== null) series.push({ label: `Assisting — ${assistName}`, color: ASSIST_COLOR, channel: assisting, kind: 'envelope' as const, scale });
  return (
    <section className="card hero" aria-label="Target versus assisting muscle">
      <header className="hero-head">
        <div className="hero-legend">
          <div className="legend-item legend-target">
            <span className="legend-swatch" style={{ background: TARGET_COLOR }} />
            <span className="legend-text">
              <span className="legend-name" data-testid="hero-target-label">
                {series[0].label}
              </span>
            </span>
            <span className="legend-value">
              <LiveValue channel={roles.target} testId="hero-target-value" />
              <small>{unit}</small>
            </span>
          </div>
          {assisting !== null ? (
            <div className="legend-item legend-assist">
              <span className="legend-swatch" style={{ background: ASSIST_COLOR }} />
              <span className="legend-text">
                <span className="legend-name" data-testid="hero-assisting-label">
                  {series[1].label}
                </span>
              </span>
              <span className="legend-value">
                <LiveValue channel={assisting} testId="hero-assisting-value" />
                <small>{unit}</small>
              </span>
            </div>
          ) : null}
        </div>
        <span className="hero-caption">RMS envelope · last 10 s</span>
      </header>
      <LiveChart
        series={series}
        windowS={10}
        height={height}
        unit={unit}
        testId="chart-target-vs-assisting"
        lastValueAttrs={assisting !== null ? ['target', 'assisting'] : ['target']}
        className="hero-chart"
      />
    </section>
  );
}

/** the hero chart re-renders only when the roles change (its values and traces follow the live buffer) */
const HeroChartMemo = memo(HeroChart);

/**
 * Re-rendered only when the roles change, not on every pushed status/training event (~10/s): at
 * 32 channels the grid is 32 cards, and their charts and values update themselves from the live
 * buffer. Roles are rebuilt on every render of the page, so they are compared by value.
 */
export const ChannelGrid = memo(ChannelGridCards, (a, b) => sameRoles(a.roles, b.roles));

function sameRoles(a: ChannelRoles, b: ChannelRoles): boolean {
  return (
    a.channelCount === b.channelCount &&
    a.target === b.target &&
    a.assisting === b.assisting &&
    a.assistingAll.length === b.assistingAll.length &&
    a.assistingAll.every((c, i) => c === b.assistingAll[i]) &&
    a.names.every((n, i) => n === b.names[i]) &&
    a.labels.every((n, i) => n === b.labels[i])
  );
}

function ChannelGridCards({ roles }: { roles: ChannelRoles }) {
  if (roles.channelCount === 0) {
    return (
      <section className="card empty" aria-label="Channels">
        <p>No stream yet. Choose a device and press Connect — or start the simulated band to try Myocue without hardware.</p>
      </section>
    );
  }
  return (
    <section className="channel-grid" aria-label="Channels">
      {Array.from({ length: roles.channelCount }, (_, c) => {
        const color = channelColor(c, roles);
        const role = c === roles.target ? 'Target' : roles.assistingAll.includes(c) ? 'Assisting' : null;
        return (
          <div className="card channel-card" key={c}>
            <header className="channel-head">
              <span className="channel-label">{roles.labels[c]}</span>
              <span className="channel-name" title={roles.names[c]}>
                {roles.names[c] !== roles.labels[c] ? roles.names[c] : ''}
              </span>
              {role ? <span className={`role-badge role-${role.toLowerCase()}`}>{role}</span> : null}
              <span className="channel-value" style={{ color }}>
                <LiveValue channel={c} />
                <small>µV</small>
              </span>
            </header>
            <LiveChart
              series={[
                { label: `${roles.labels[c]} filtered`, color: `${color}66`, channel: c, kind: 'raw' },
                { label: `${roles.labels[c]} envelope`, color, channel: c, kind: 'envelope' },
              ]}
              windowS={5}
              height={120}
              compact
              testId={`chart-channel-${c}`}
            />
          </div>
        );
      })}
    </section>
  );
}
