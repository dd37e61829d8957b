import { graphql } from '../../gql';

export const RolesList = graphql(`
  query RolesList {
    roles {
      id
      key
      name
      nameCode
      description
      descriptionCode
      dataScope
      isSystem
      memberCount
      permissions {
        resource
        action
      }
    }
    permissionCatalog {
      resource
      description
      actions
    }
  }
`);

export const CreateRole = graphql(`
  mutation CreateRole($input: CreateRoleInput!) {
    createRole(input: $input) {
      role {
        id
        key
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateRole = graphql(`
  mutation UpdateRole($input: UpdateRoleInput!) {
    updateRole(input: $input) {
      role {
        id
        key
        name
        description
        dataScope
        permissions {
          resource
          action
        }
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const DeleteRole = graphql(`
  mutation DeleteRole($roleId: ID!) {
    deleteRole(roleId: $roleId) {
      deletedRoleId
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);
