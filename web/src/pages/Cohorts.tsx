export function Cohorts() {
  return <div>Cohorts</div>;
}
