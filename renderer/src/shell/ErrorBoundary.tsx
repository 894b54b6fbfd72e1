/** Keeps one failing panel from blanking the whole dashboard; shows the error plainly instead. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`[myocue] ${this.props.name} failed`, error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="card panel-error" role="alert" data-testid="panel-error">
        <strong>{this.props.name} stopped working.</strong> {this.state.error.message}{' '}
        <button type="button" className="btn" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
