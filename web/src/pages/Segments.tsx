export function Segments() {
  return <div>Segments</div>;
}
