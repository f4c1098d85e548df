export function Movements() {
  return <div>Movements</div>;
}
