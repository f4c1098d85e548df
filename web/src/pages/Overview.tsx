export function Overview() {
  return <div>Overview</div>;
}
