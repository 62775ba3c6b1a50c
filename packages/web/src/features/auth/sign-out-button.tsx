import { useMutation } from '@tanstack/react-query';
import { Button } from '@trussworks/react-uswds';
import { logout } from './me.api';

/**
 * Signs out, then loads the sign-in page afresh: a full page load drops every cached answer,
 * the CSRF token and all in-memory state of this user, which matters on shared computers.
 */
export function SignOutButton() {
  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => {
      window.location.assign('/sign-in');
    },
  });
  return (
    <Button
      type="button"
      outline
      disabled={signOut.isPending}
      onClick={() => {
        signOut.mutate();
      }}
    >
      Sign out
    </Button>
  );
}
