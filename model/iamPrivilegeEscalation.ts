// Privilege-escalation methods: sets of IAM actions that, granted together to one principal, let it raise its own
// privileges. The 21 methods of Rhino Security Labs' research
// (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/), as cloudsplaining keeps them
// (salesforce/cloudsplaining, cloudsplaining/shared/constants.py, PRIVILEGE_ESCALATION_METHODS, BSD-3-Clause),
// plus the EC2 spot and launch-template variants from pathfinding.cloud listed there too.

/** Method name -> the actions that together make it (names as AWS spells them). */
export const PRIVILEGE_ESCALATION_METHODS: Readonly<Record<string, readonly string[]>> = {
    CreateAccessKey: ["iam:CreateAccessKey"],
    CreateLoginProfile: ["iam:CreateLoginProfile"],
    UpdateLoginProfile: ["iam:UpdateLoginProfile"],
    AddUserToGroup: ["iam:AddUserToGroup"],
    CreateNewPolicyVersion: ["iam:CreatePolicyVersion"],
    SetExistingDefaultPolicyVersion: ["iam:SetDefaultPolicyVersion"],
    AttachUserPolicy: ["iam:AttachUserPolicy"],
    AttachGroupPolicy: ["iam:AttachGroupPolicy"],
    AttachRolePolicy: ["iam:AttachRolePolicy"],
    PutUserPolicy: ["iam:PutUserPolicy"],
    PutGroupPolicy: ["iam:PutGroupPolicy"],
    PutRolePolicy: ["iam:PutRolePolicy"],
    UpdateRolePolicyToAssumeIt: ["iam:UpdateAssumeRolePolicy"],
    CreateEC2WithExistingIP: ["iam:PassRole", "ec2:RunInstances"],
    PassExistingRoleToNewLambdaThenInvoke: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
    PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo: ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
    PassExistingRoleToNewGlueDevEndpoint: ["iam:PassRole", "glue:CreateDevEndpoint"],
    PassExistingRoleToCloudFormation: ["iam:PassRole", "cloudformation:CreateStack"],
    PassExistingRoleToNewDataPipeline: ["iam:PassRole", "datapipeline:CreatePipeline"],
    UpdateExistingGlueDevEndpoint: ["glue:UpdateDevEndpoint"],
    EditExistingLambdaFunctionWithRole: ["lambda:UpdateFunctionCode"],
    PassExistingRoleToNewEC2SpotInstance: ["iam:PassRole", "ec2:RequestSpotInstances"],
    ModifyExistingEC2LaunchTemplate: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"],
    ModifyEC2InstanceUserDataThenRestart: ["ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"],
};

/**
 * The methods whose every action `grants` says is granted. `grants(action)` answers for one concrete action; the
 * caller decides what counts (e.g. iam:PassRole only when it is not pinned to one role and one service).
 */
export function escalationMethods(grants: (action: string) => boolean): string[] {
    return Object.entries(PRIVILEGE_ESCALATION_METHODS).filter(([, actions]) => actions.every(grants)).map(([name]) => name);
}
