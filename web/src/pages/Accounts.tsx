export function Accounts() {
  return <div>Accounts</div>;
}
