import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@trussworks/react-uswds';
import { useNavigate } from 'react-router';
import { logout, meQueryKey } from './me.api';

export function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: logout,
    onSettled: () => {
      // Whatever the server said, forget this user's data here.
      void navigate('/sign-in', { replace: true });
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, null);
    },
  });
  return (
    <Button
      type="button"
      outline
      className="sign-out"
      disabled={signOut.isPending}
      onClick={() => {
        signOut.mutate();
      }}
    >
      Sign out
    </Button>
  );
}
